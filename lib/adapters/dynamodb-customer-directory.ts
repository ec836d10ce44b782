import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { Config } from '../config';
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

/**
 * Each brand's directory: the customers table for a brand with `customerDirectory: table`, none
 * (every address is a customer) for the others.
 */
export function customerDirectories(config: Pick<Config, 'brands' | 'customerTableName'>, client: DynamoDBClient): (brandKey: string) => CustomerDirectory | undefined {
  const directory = config.customerTableName ? new DynamoDbCustomerDirectory(client, config.customerTableName) : undefined;
  return (brandKey) => (config.brands.findBrand(brandKey)?.customerDirectory === 'table' ? directory : undefined);
}
