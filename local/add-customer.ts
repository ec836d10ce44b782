/**
 * `npm run add-customer -- --brand AquaGuard --email jane@example.com`: adds a customer to a brand's
 * directory in the running local stack's customers table (DynamoDB Local on DYNAMODB_PORT, 8000 by
 * default), so a brand with `customerDirectory: table` sends that address a link. The table is in
 * memory: the customer is gone when the stack stops. The address must pass the service's own check
 * (see addCustomer), else the reason is printed and nothing is stored.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import devBrands from '../config/brands.dev.json';
import { addCustomer } from './portal/customers';

/** serverless.yml's custom.customerTableName for the dev stage. */
const CUSTOMER_TABLE_NAME = 'reset-customer-password-dev-customers';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { brand: { type: 'string' }, email: { type: 'string' } } });
  const brand = devBrands.brands.find((b) => b.name.toLowerCase() === values.brand?.trim().toLowerCase());
  if (!brand || !values.email?.trim()) {
    const names = devBrands.brands.map((b) => b.name).join(', ');
    throw new Error(`Usage: npm run add-customer -- --brand <${names}> --email <address>`);
  }
  const port = process.env.DYNAMODB_PORT || '8000';
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const key = await addCustomer(client, CUSTOMER_TABLE_NAME, brand.name, values.email).catch((error: unknown) => {
    // Nothing listens there: the stack is not running, or runs with another DYNAMODB_PORT.
    if ((error as { code?: unknown }).code !== 'ECONNREFUSED') throw error;
    throw new Error(`No DynamoDB Local answers on 127.0.0.1:${port}: start the stack with npm start, or set DYNAMODB_PORT to the port it runs on.`);
  });
  const note = brand.customerDirectory === 'table' ? '' : ` (${brand.name} sends every address a link anyway: its customerDirectory is "all")`;
  process.stdout.write(`Added ${key} to ${CUSTOMER_TABLE_NAME} on 127.0.0.1:${port}${note}. It lasts until the stack stops.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error && error.name === 'Error' ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
