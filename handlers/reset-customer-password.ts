import { createDynamoDbClient, createSecretsManagerClient, createSesClient } from '../lib/adapters/aws-clients';
import { DynamoDbCustomerDirectory } from '../lib/adapters/dynamodb-customer-directory';
import { DynamoDbRateLimiter } from '../lib/adapters/dynamodb-rate-limiter';
import { DynamoDbTokenStore } from '../lib/adapters/dynamodb-token-store';
import { readSecretString } from '../lib/adapters/secrets-manager';
import { SesMailer } from '../lib/adapters/ses-mailer';
import { checkCustomerIdKey, customerIdKeySource, loadConfig, loadResponseTime, loadSesConfigurationSet } from '../lib/config';
import { cachedUntilFailure } from '../lib/cached-until-failure';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { RecentSends, sleep } from '../lib/reset/equal-work';
import { pooledRandomBytes } from '../lib/reset/random-pool';
import { requestPasswordReset } from '../lib/reset/request-password-reset';
import { customerIdsUnder } from '../lib/reset/token';
import { resetCustomerPassword } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation.
const config = loadConfig(process.env);
const dynamodb = createDynamoDbClient();
const directory = config.customerTableName ? new DynamoDbCustomerDirectory(dynamodb, config.customerTableName) : undefined;
const deps = {
  brands: config.brands,
  tokens: new DynamoDbTokenStore(dynamodb, config.tableName),
  mailer: new SesMailer(createSesClient(), loadSesConfigurationSet(process.env)),
  clock: Date,
  randomBytes: pooledRandomBytes(),
  rateLimiter: new DynamoDbRateLimiter(dynamodb, config.tableName),
  recentSends: new RecentSends(),
  responseTime: loadResponseTime(process.env),
  sleep,
  keyVersion: config.customerIdKeyVersion,
  directoryFor: (brandKey: string) => (config.brands.findBrand(brandKey)?.customerDirectory === 'table' ? directory : undefined),
};

const keySource = customerIdKeySource(process.env);
const secrets = 'secretArn' in keySource ? createSecretsManagerClient() : undefined;

/**
 * The customer-id key, fetched from its secret (see config.ts) by the first request of an instance
 * and kept; a failed fetch answers that request (a 503 if Secrets Manager was throttled) and the next
 * request tries again. Not started while the module loads: nothing at init depends on the network,
 * and a cold start's first request follows at once.
 */
const customerIdsReady = cachedUntilFailure(async () =>
  customerIdsUnder(checkCustomerIdKey('key' in keySource ? keySource.key : await readSecretString(secrets!, keySource.secretArn))),
);

/** ResetCustomerPasswordRequest on all its routes: store a fresh reset token and email the brand's link. */
export const handler = createHttpHandler(config, [
  {
    spec: resetCustomerPassword,
    run: async (dto, request) => {
      const outcome = await requestPasswordReset(dto, request, { ...deps, customerIdOf: await customerIdsReady() });
      const metrics = outcome.result === 'sent' ? ['EmailsSent' as const] : outcome.result === 'rejected' ? ['EmailSendFailures' as const] : [];
      return { log: { brand: outcome.brand, email: maskEmail(outcome.email), result: outcome.result }, metrics };
    },
  },
]);
