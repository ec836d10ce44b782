/**
 * The local customers table, as the portal keeps it: one item per customer under the key the
 * service reads (`<brand lower-cased>#<address>`, see lib/adapters/dynamodb-customer-directory.ts).
 */
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { customerKey } from '../../lib/adapters/dynamodb-customer-directory';
import { checkEmailAddress } from '../../lib/reset/email-address';

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
 * `customerDirectory: table` sends that address a link; returns the item's key. `email` goes
 * through the service's own address check and is stored in the form the service looks it up
 * (checkEmailAddress: trimmed, local part lower-cased, domain in punycode), so the customer added is
 * the one a reset request finds. Throws an Error with the service's reason for an address it would
 * refuse, storing nothing.
 */
export async function addCustomer(client: DynamoDBClient, tableName: string, brandName: string, email: string): Promise<string> {
  const checked = checkEmailAddress(email);
  if ('refusal' in checked) throw new Error(checked.refusal.message);
  const pk = customerKey(brandName.toLowerCase(), checked.address);
  await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk } } }));
  return pk;
}
