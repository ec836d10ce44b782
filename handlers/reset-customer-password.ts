import { createDynamoDbClient, createSesClient } from '../lib/adapters/aws-clients';
import { loadCustomerIds } from '../lib/adapters/customer-id-key';
import { customerDirectories } from '../lib/adapters/dynamodb-customer-directory';
import { DynamoDbRateLimiter } from '../lib/adapters/dynamodb-rate-limiter';
import { DynamoDbTokenStore } from '../lib/adapters/dynamodb-token-store';
import { SesMailer } from '../lib/adapters/ses-mailer';
import { loadConfig, loadResponseTime, loadSesConfigurationSet } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { RecentSends, sleep } from '../lib/reset/equal-work';
import { pooledRandomBytes } from '../lib/reset/random-pool';
import { requestPasswordReset } from '../lib/reset/request-password-reset';
import { resetCustomerPassword } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation.
const config = loadConfig(process.env);
const dynamodb = createDynamoDbClient();
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
  directoryFor: customerDirectories(config, dynamodb),
};

/** The customer-id key, read and checked against its version by an instance's first request (customer-id-key.ts). */
const customerIdsReady = loadCustomerIds(process.env, dynamodb, config.tableName, config.customerIdKeyVersion);

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
