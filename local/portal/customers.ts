/**
 * The local customers table, as the portal keeps it: one item per customer under the key the
 * service reads (`<brand lower-cased>#<address>`, see lib/adapters/dynamodb-customer-directory.ts).
 */
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { customerKey } from '../../lib/adapters/dynamodb-customer-directory';
import { normaliseEmail } from '../../lib/reset/token';

export interface CustomerStore {
  /** Stores a customer's new password hash (creating the customer if the table has none yet). */
  setPasswordHash(brandName: string, email: string, passwordHash: string): Promise<void>;
}

/** The customers table `tableName` through `client` (DynamoDB Local when run by `npm start`). */
export function createCustomerStore(client: DynamoDBClient, tableName: string): CustomerStore {
  return {
    async setPasswordHash(brandName, email, passwordHash) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: customerKey(brandName.toLowerCase(), email) } },
          UpdateExpression: 'SET passwordHash = :hash, passwordChangedAt = :at',
          ExpressionAttributeValues: { ':hash': { S: passwordHash }, ':at': { S: new Date().toISOString() } },
        }),
      );
    },
  };
}

/**
 * Adds a customer to a brand's directory (what `npm run add-customer` does), so a brand with
 * `customerDirectory: table` sends that address a link. `email` is stored as the service looks it
 * up: trimmed and lower-cased.
 */
export async function addCustomer(client: DynamoDBClient, tableName: string, brandName: string, email: string): Promise<string> {
  const pk = customerKey(brandName.toLowerCase(), normaliseEmail(email));
  await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
  return pk;
}
