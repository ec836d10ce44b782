import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { addCustomer } from '../../../local/portal/customers';
import { customerKey } from '../../../lib/adapters/dynamodb-customer-directory';
import { validateResetRequest } from '../../../lib/reset/validate-reset-request';
import { loadBrandCatalog } from '../../../lib/config';
import devBrands from '../../../config/brands.dev.json';

const brands = loadBrandCatalog(devBrands, 'dev');
/** The key the service's directory looks a reset request up by (validate, then `<brand key>#<address>`). */
const keyTheServiceReads = (brandName: string, email: string) => {
  const { brand, email: address } = validateResetRequest({ Email: email, CustomerBrandName: brandName }, brands);
  return customerKey(brand.key, address);
};

const dynamodb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

describe('addCustomer (npm run add-customer)', () => {
  beforeEach(() => dynamodb.reset());

  it.each([
    ['  Jane.Doe@Example.COM ', 'aquaguard#jane.doe@example.com'],
    ['jane@bücher.example', 'aquaguard#jane@xn--bcher-kva.example'],
    ['JANE@BÜCHER.EXAMPLE', 'aquaguard#jane@xn--bcher-kva.example'],
  ])('stores %j under the key the service looks it up by: %s', async (typed, key) => {
    dynamodb.on(PutItemCommand).resolves({});
    expect(await addCustomer(client, 'customers', 'AquaGuard', typed)).toBe(key);
    expect(keyTheServiceReads('aquaguard', typed)).toBe(key);
    expect(dynamodb.commandCalls(PutItemCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'customers', Item: { pk: { S: key } } }]);
  });

  it.each([
    ['a@b', 'the domain must have at least two labels'],
    ['jane@example.com, joe@example.com', 'more than one address'],
    ['Jane <jane@example.com>', 'without a name, angle brackets or comments'],
    ['"jane doe"@example.com', 'quoted local part'],
    ['jane@[127.0.0.1]', 'not an IP address'],
  ])('refuses %j with the reason the service gives, storing nothing', async (typed, reason) => {
    await expect(addCustomer(client, 'customers', 'AquaGuard', typed)).rejects.toThrow(reason);
    expect(dynamodb.commandCalls(PutItemCommand)).toEqual([]);
  });
});
