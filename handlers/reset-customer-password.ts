import { randomBytes } from 'node:crypto';
import { createDynamoDbClient, createSesClient } from '../lib/adapters/aws-clients';
import { DynamoDbTokenStore } from '../lib/adapters/dynamodb-token-store';
import { SesMailer } from '../lib/adapters/ses-mailer';
import { loadConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { requestPasswordReset } from '../lib/reset/request-password-reset';
import { resetCustomerPassword } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation.
const config = loadConfig(process.env);
const deps = {
  brands: config.brands,
  tokens: new DynamoDbTokenStore(createDynamoDbClient(), config.tableName),
  mailer: new SesMailer(createSesClient()),
  clock: Date,
  randomBytes,
};

/** ResetCustomerPasswordRequest on all its routes: store a fresh reset token and email the brand's link. */
export const handler = createHttpHandler(config, [
  {
    spec: resetCustomerPassword,
    run: async (dto) => {
      const outcome = await requestPasswordReset(dto, deps);
      return { log: { brand: outcome.brand, email: maskEmail(outcome.email) } };
    },
  },
]);
