import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { customerDirectories } from '../lib/adapters/dynamodb-customer-directory';
import { DynamoDbTokenRedeemer } from '../lib/adapters/dynamodb-token-store';
import { addressSealerLoader } from '../lib/adapters/service-keys';
import { loadHttpConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { completePasswordReset } from '../lib/reset/complete-password-reset';
import { completeCustomerPasswordReset } from '../lib/wire/operations';

const config = loadHttpConfig(process.env);
const dynamodb = createDynamoDbClient();
const deps = {
  brands: config.brands,
  tokens: new DynamoDbTokenRedeemer(dynamodb, config.tableName, addressSealerLoader(process.env)),
  clock: Date,
  keyVersion: config.customerIdKeyVersion,
  directoryFor: customerDirectories(config, dynamodb),
};

/** CompleteCustomerPasswordResetRequest: redeem a link once, if its customer still has that address, and answer whose password to set. */
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
