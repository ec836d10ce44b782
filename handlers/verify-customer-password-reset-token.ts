import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { DynamoDbTokenReader } from '../lib/adapters/dynamodb-token-store';
import { addressSealerLoader } from '../lib/adapters/service-keys';
import { loadHttpConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { verifyResetToken } from '../lib/reset/verify-reset-token';
import { verifyCustomerPasswordResetToken } from '../lib/wire/operations';

const config = loadHttpConfig(process.env);
const deps = {
  tokens: new DynamoDbTokenReader(createDynamoDbClient(), config.tableName, addressSealerLoader(process.env)),
  clock: Date,
  keyVersion: config.customerIdKeyVersion,
};

/** VerifyCustomerPasswordResetTokenRequest: is this link live? Reads only; the token stays usable. */
export const handler = createHttpHandler(config, [
  {
    spec: verifyCustomerPasswordResetToken,
    run: async (dto) => {
      const verified = await verifyResetToken(dto, deps);
      return {
        members: { CustomerBrandName: verified.brand, MaskedEmail: verified.maskedEmail, ExpiresAt: verified.expiresAt },
        log: { brand: verified.brand, email: verified.maskedEmail },
        metrics: ['TokensVerified'],
      };
    },
  },
]);
