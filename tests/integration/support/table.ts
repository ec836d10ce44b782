import { GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { tokenKey } from '../../../lib/adapters/dynamodb-token-store';
import { customerIdOf, normaliseEmail } from '../../../lib/reset/token';
import { dynamodb, tableName } from './stack';

export type Item = Record<string, AttributeValue>;

/** The stored token item of a customer, read straight from DynamoDB Local. */
export async function tokenItemOf(brandName: string, email: string): Promise<Item | undefined> {
  const key = tokenKey(customerIdOf(brandName.toLowerCase(), normaliseEmail(email)));
  const result = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: key } }, ConsistentRead: true }));
  return result.Item;
}

export async function allItems(): Promise<Item[]> {
  const result = await dynamodb.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return result.Items ?? [];
}
