/**
 * The local customers table, as the portal keeps it: one item per customer under the key the
 * service reads (`<brand lower-cased>#<address>`, see lib/adapters/dynamodb-customer-directory.ts).
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { customerKey } from '../../lib/adapters/dynamodb-customer-directory';
import { checkEmailAddress } from '../../lib/reset/email-address';

/** How an address change ended: done, no customer at the old address, or one at the new address already. */
export type EmailChange = 'changed' | 'unknown' | 'taken';

export interface CustomerStore {
  /**
   * Stores an existing customer's new password hash. Never creates a customer: resolves to `false`,
   * storing nothing, when the brand has no customer at `email`.
   */
  setPasswordHash(brandName: string, email: string, passwordHash: string): Promise<boolean>;
  /** Moves a brand's customer, with everything stored for them, from one address to another. */
  changeEmail(brandName: string, from: string, to: string): Promise<EmailChange>;
}

/** An address as the service keys it (see addCustomer); throws an Error with the service's reason for one it would refuse. */
function checkedAddress(email: string): string {
  const checked = checkEmailAddress(email);
  if ('refusal' in checked) throw new Error(checked.refusal.message);
  return checked.address;
}

const keyOf = (brandName: string, email: string) => ({ pk: { S: customerKey(brandName.toLowerCase(), email) } });

/** The customers table `tableName` through `client` (DynamoDB Local when run by `npm start`). */
export function createCustomerStore(client: DynamoDBClient, tableName: string): CustomerStore {
  return {
    async setPasswordHash(brandName, email, passwordHash) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(brandName, email),
            UpdateExpression: 'SET passwordHash = :hash, passwordChangedAt = :at',
            // An update of a customer who exists, never an upsert: a link must not make an account.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':hash': { S: passwordHash }, ':at': { S: new Date().toISOString() } },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async changeEmail(brandName, from, to) {
      const [oldKey, newKey] = [keyOf(brandName, checkedAddress(from)), keyOf(brandName, checkedAddress(to))];
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: oldKey, ConsistentRead: true }));
      if (!Item) return 'unknown';
      try {
        // One transaction: the customer is never at both addresses, nor at neither.
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { ...Item, ...newKey }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Delete: { TableName: tableName, Key: oldKey, ConditionExpression: 'attribute_exists(pk)' } },
            ],
          }),
        );
        return 'changed';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed' ? 'taken' : 'unknown';
      }
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
  const key = keyOf(brandName, checkedAddress(email));
  await client.send(new PutItemCommand({ TableName: tableName, Item: key }));
  return key.pk.S;
}
