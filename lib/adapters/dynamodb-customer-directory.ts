import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { CustomerDirectory } from '../ports';

/** The customers table's key: lower-cased brand name and normalised address. */
export const customerKey = (brandKey: string, email: string): string => `${brandKey}#${email}`;

/**
 * A customers table the portal keeps (one item per customer, `pk = <brand>#<address>`). Only the key
 * is read, so the lookup costs the same whatever else the portal stores there.
 */
export class DynamoDbCustomerDirectory implements CustomerDirectory {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async isCustomer(brandKey: string, email: string): Promise<boolean> {
    const result = await callAws('DynamoDB', this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: customerKey(brandKey, email) } }, ProjectionExpression: 'pk' }),
    ));
    return result.Item !== undefined;
  }
}
