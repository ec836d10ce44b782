import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { DynamoDbTokenStore } from '../lib/adapters/dynamodb-token-store';
import { addressSealerLoader } from '../lib/adapters/service-keys';
import { loadConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { completePasswordReset } from '../lib/reset/complete-password-reset';
import { completeCustomerPasswordReset } from '../lib/wire/operations';

const config = loadConfig(process.env);
const deps = {
  brands: config.brands,
  tokens: new DynamoDbTokenStore(createDynamoDbClient(), config.tableName, addressSealerLoader(process.env)),
  clock: Date,
  keyVersion: config.customerIdKeyVersion,
};

/** CompleteCustomerPasswordResetRequest: redeem a link once and answer whose password to set. */
export const handler = createHttpHandler(config, [
  {
    spec: completeCustomerPasswordReset,
    run: async (dto, request) => {
      const completed = await completePasswordReset(dto, request.acceptLanguage, deps);
      return {
        members: { CustomerBrandName: completed.brand, Email: completed.email },
        log: { brand: completed.brand, email: maskEmail(completed.email) },
        metrics: ['TokensConsumed'],
      };
    },
  },
]);
