/**
 * Runs the local portal: `npm start` (scripts/local-stack.js) builds this file and runs it beside
 * serverless offline. Settings, all given by the launcher:
 * - PORTAL_PORT: where it listens, on 127.0.0.1 (8080 by default);
 * - PORTAL_API_URL: the service, e.g. `http://127.0.0.1:3000`;
 * - PORTAL_API_KEY: sent as `x-api-key` when set (deployed stages require one; the local stack not);
 * - CUSTOMER_TABLE_NAME and the AWS SDK's AWS_ENDPOINT_URL_DYNAMODB: the local customers table;
 * - LOCAL_PORTAL_ORIGIN: where customers reach it (the reset links' origin); `https` makes its cookie Secure.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import devBrands from '../../config/brands.dev.json';
import { createServiceApi } from './api';
import { portalBrandsOf } from './brands';
import { createCustomerStore } from './customers';
import { createPortalServer } from './server';

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`The local portal needs ${name}`);
  return value;
}

const port = Number(process.env.PORTAL_PORT || '8080');
const server = createPortalServer({
  brands: portalBrandsOf(devBrands),
  api: createServiceApi(required('PORTAL_API_URL'), process.env.PORTAL_API_KEY?.trim() || undefined),
  customers: createCustomerStore(new DynamoDBClient({}), required('CUSTOMER_TABLE_NAME')),
  log: (line) => process.stdout.write(`${line}\n`),
  origin: process.env.LOCAL_PORTAL_ORIGIN?.trim() || undefined,
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`Local portal: http://localhost:${port}/\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
