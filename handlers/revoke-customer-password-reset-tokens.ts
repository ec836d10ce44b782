import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { loadCustomerIds } from '../lib/adapters/customer-id-key';
import { DynamoDbTokenStore } from '../lib/adapters/dynamodb-token-store';
import { loadConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { revokeResetTokens } from '../lib/reset/revoke-reset-tokens';
import { revokeCustomerPasswordResetTokens } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation.
const config = loadConfig(process.env);
const dynamodb = createDynamoDbClient();
const deps = { brands: config.brands, tokens: new DynamoDbTokenStore(dynamodb, config.tableName), clock: Date, keyVersion: config.customerIdKeyVersion };
/** The customer-id key, read and checked against its version by an instance's first request (customer-id-key.ts). */
const customerIdsReady = loadCustomerIds(process.env, dynamodb, config.tableName, config.customerIdKeyVersion);

/** RevokeCustomerPasswordResetTokensRequest: end every live link of a customer's mailbox, and say how many. */
export const handler = createHttpHandler(config, [
  {
    spec: revokeCustomerPasswordResetTokens,
    run: async (dto) => {
      const revoked = await revokeResetTokens(dto, { ...deps, customerIdOf: await customerIdsReady() });
      return {
        members: { RevokedCount: revoked.revokedCount },
        log: { brand: revoked.brand, email: maskEmail(revoked.email), revoked: String(revoked.revokedCount) },
        metrics: revoked.revokedCount > 0 ? ['TokensRevoked' as const] : [],
      };
    },
  },
]);
