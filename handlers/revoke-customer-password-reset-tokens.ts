import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { loadCustomerIdKey } from '../lib/adapters/customer-id-key';
import { DynamoDbTokenRevoker } from '../lib/adapters/dynamodb-token-store';
import { cachedUntilFailure } from '../lib/cached-until-failure';
import { loadHttpConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { revokeResetTokens } from '../lib/reset/revoke-reset-tokens';
import { customerIdsUnder } from '../lib/reset/token';
import { revokeCustomerPasswordResetTokens } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation.
const config = loadHttpConfig(process.env);
const dynamodb = createDynamoDbClient();
/** Revoking deletes items without reading them, so this function opens no address and holds no address key (least privilege). */
const deps = { brands: config.brands, tokens: new DynamoDbTokenRevoker(dynamodb, config.tableName), clock: Date, keyVersion: config.customerIdKeyVersion };
/** Customer ids under the customer-id key, checked against its version by an instance's first request (customer-id-key.ts). */
const customerKey = loadCustomerIdKey(process.env, dynamodb, config.tableName, config.customerIdKeyVersion);
const customerIdsReady = cachedUntilFailure(async () => customerIdsUnder(await customerKey()));

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
