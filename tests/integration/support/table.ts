import { GetItemCommand, paginateScan, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { customerKey } from '../../../lib/adapters/dynamodb-customer-directory';
import { tokenKey } from '../../../lib/adapters/dynamodb-token-store';
import { mailboxOf } from '../../../lib/reset/mailbox';
import { addressSealerUnder } from '../../../lib/reset/sealed-address';
import { customerIdsUnder, normaliseEmail } from '../../../lib/reset/token';
import { customerTableName, dynamodb, tableName, testAddressKey, testCustomerIdKey } from './stack';

const customerIdOf = customerIdsUnder(testCustomerIdKey);

/** The table key of the token item of the mailbox `email` delivers to. */
const tokenKeyOf = (brandName: string, email: string): string => tokenKey(customerIdOf(brandName.toLowerCase(), mailboxOf(normaliseEmail(email))));

export type Item = Record<string, AttributeValue>;

/** The stored token item of a customer's mailbox, read straight from DynamoDB Local. */
export async function tokenItemOf(brandName: string, email: string): Promise<Item | undefined> {
  const key = tokenKeyOf(brandName, email);
  const result = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: key } }, ConsistentRead: true }));
  return result.Item;
}

/**
 * Every item of the token table, read consistently, from the test stack's DynamoDB Local or from
 * `client`'s. A Scan answers at most 1 MB a page, and a whole test run stores more: every page is read.
 */
export async function allItems(client: DynamoDBClient = dynamodb): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) items.push(...(page.Items ?? []));
  return items;
}

/** The address sealed in a token item, opened with the test stack's address key. */
export function addressIn(item: Item): string {
  return addressSealerUnder(testAddressKey, randomBytes).open(item.pk!.S!.slice('token#'.length), item.address!.B!);
}

/** How long the sender may take to handle what the tests queued, SES answering. */
// An email the sender's schedule holds back waits for it: at most the test stack's mailbox window
// (testRateLimits, 60 s), plus the delay queue's seconds.
const DRAIN_TIMEOUT_MS = 75_000;

/**
 * Resolves once no token item waits for the sender (none holds `outbox`), in `client`'s table: every
 * email queued so far is sent or known not to go. Throws after DRAIN_TIMEOUT_MS, naming how many wait.
 */
export async function outboxDrained(client: DynamoDBClient = dynamodb, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let waiting = 0;
    for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true, FilterExpression: 'attribute_exists(outbox)', Select: 'COUNT' })) waiting += page.Count ?? 0;
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} queued emails still wait for the sender after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Keeps the items whose TTL attribute (`expiresAt`, epoch seconds) is after `epochSeconds`. */
export const unexpiredAt = (epochSeconds: number) => (items: readonly Item[]): Item[] =>
  items.filter((item) => item.expiresAt?.N === undefined || Number(item.expiresAt.N) > epochSeconds);

/** Adds a customer to the portal's customers table (the directory of `table` brands such as AquaGuard), of the test stack or `client`'s. */
export async function addCustomer(brandName: string, email: string, client: DynamoDBClient = dynamodb): Promise<void> {
  await client.send(new PutItemCommand({ TableName: customerTableName, Item: { pk: { S: customerKey(brandName.toLowerCase(), normaliseEmail(email)) } } }));
}

/** Rewrites a token item's expiry, as if the link had been issued long ago and TTL had not run yet. */
export async function backdateExpiry(brandName: string, email: string, expiresAt: number): Promise<void> {
  await setAttribute(brandName, email, 'expiresAt', { N: String(expiresAt) });
}

/** Rewrites one attribute of a token item, as an older version of the service (or key) would have left it. */
export async function setAttribute(brandName: string, email: string, name: string, value: AttributeValue): Promise<void> {
  await dynamodb.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { pk: { S: tokenKeyOf(brandName, email) } },
      UpdateExpression: 'SET #name = :value',
      ExpressionAttributeNames: { '#name': name },
      ExpressionAttributeValues: { ':value': value },
    }),
  );
}
