import { createDynamoDbClient } from '../lib/adapters/aws-clients';
import { loadCustomerIdKey } from '../lib/adapters/customer-id-key';
import { DynamoDbResetQueue } from '../lib/adapters/dynamodb-reset-queue';
import { addressSealerLoader, customerIdsAndLinksUnder } from '../lib/adapters/service-keys';
import { loadHttpConfig } from '../lib/config';
import { createHttpHandler } from '../lib/http';
import { maskEmail } from '../lib/observability';
import { pooledRandomBytes } from '../lib/reset/random-pool';
import { requestPasswordReset } from '../lib/reset/request-password-reset';
import { resetCustomerPassword } from '../lib/wire/operations';

// Cold start: configuration checked once, clients created once and reused by every invocation. No
// SES client and no email templates: the sender on the table's stream mails (send-queued-email.ts).
const config = loadHttpConfig(process.env);
const dynamodb = createDynamoDbClient();
/** Checked against its version at an instance's first request (customer-id-key.ts). */
const customerIdKey = loadCustomerIdKey(process.env, dynamodb, config.tableName, config.customerIdKeyVersion);
const deps = {
  brands: config.brands,
  queue: new DynamoDbResetQueue(dynamodb, config.tableName, addressSealerLoader(process.env)),
  clock: Date,
  randomBytes: pooledRandomBytes(),
  keyVersion: config.customerIdKeyVersion,
};

const keyed = customerIdsAndLinksUnder(customerIdKey);

/** ResetCustomerPasswordRequest on all its routes: queue a fresh reset link for the mailbox. */
export const handler = createHttpHandler(config, [
  {
    spec: resetCustomerPassword,
    run: async (dto, request) => {
      const outcome = await requestPasswordReset(dto, request, { ...deps, ...(await keyed()) });
      return { log: { brand: outcome.brand, email: maskEmail(outcome.email), result: 'queued' }, metrics: ['EmailsQueued'] };
    },
  },
]);
