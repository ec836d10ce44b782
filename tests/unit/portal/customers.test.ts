import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createCustomerAccounts } from '../../../local/portal/accounts';
import { addCustomer, createCustomerStore, type CustomerStore, type EmailChange } from '../../../local/portal/customers';
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

describe('the customers table (createCustomerStore)', () => {
  const store = () => createCustomerStore(client, 'customers');
  beforeEach(() => dynamodb.reset());

  it("updates an existing customer's password hash, and never creates a customer", async () => {
    dynamodb.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    expect(await store().setPasswordHash('AquaGuard', 'jane@example.com', '$scrypt$hash')).toBe(true);
    expect(await store().setPasswordHash('AquaGuard', 'nobody@example.com', '$scrypt$hash')).toBe(false);
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'customers',
      Key: { pk: { S: 'aquaguard#jane@example.com' } },
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('moves a customer and all that is stored for them to the new address in one transaction', async () => {
    const item = { pk: { S: 'aquaguard#old@example.com' }, passwordHash: { S: '$scrypt$hash' } };
    dynamodb.on(GetItemCommand).resolves({ Item: item });
    dynamodb.on(TransactWriteItemsCommand).resolves({});

    expect(await store().changeEmail('AquaGuard', 'Old@Example.com', ' new@example.com')).toBe('changed');
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: 'customers', Key: { pk: { S: 'aquaguard#old@example.com' } }, ConsistentRead: true });
    expect(dynamodb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems).toEqual([
      { Put: { TableName: 'customers', Item: { pk: { S: 'aquaguard#new@example.com' }, passwordHash: { S: '$scrypt$hash' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Delete: { TableName: 'customers', Key: { pk: { S: 'aquaguard#old@example.com' } }, ConditionExpression: 'attribute_exists(pk)' } },
    ]);
  });

  it('changes nothing for an address without a customer, or to an address another customer has', async () => {
    dynamodb.on(GetItemCommand).resolvesOnce({}).resolves({ Item: { pk: { S: 'aquaguard#old@example.com' } } });
    const canceled = (first: string, second: string) =>
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: first }, { Code: second }] });
    dynamodb.on(TransactWriteItemsCommand).rejectsOnce(canceled('ConditionalCheckFailed', 'None')).rejectsOnce(canceled('None', 'ConditionalCheckFailed'));

    expect(await store().changeEmail('AquaGuard', 'nobody@example.com', 'new@example.com')).toBe('unknown');
    expect(await store().changeEmail('AquaGuard', 'old@example.com', 'taken@example.com')).toBe('taken');
    // Gone between the read and the move.
    expect(await store().changeEmail('AquaGuard', 'old@example.com', 'new@example.com')).toBe('unknown');
  });

  it('refuses a new address the service would refuse, changing nothing', async () => {
    await expect(store().changeEmail('AquaGuard', 'old@example.com', 'not an address')).rejects.toThrow();
    expect(dynamodb.calls()).toEqual([]);
  });
});

describe('customer accounts (createCustomerAccounts)', () => {
  function accountsWith(change: EmailChange, known: boolean) {
    const calls: string[][] = [];
    const customers: CustomerStore = {
      setPasswordHash: async (brand, email) => (calls.push(['setPasswordHash', brand, email]), known),
      changeEmail: async (brand, from, to) => (calls.push(['changeEmail', brand, from, to]), change),
    };
    const api = {
      requestReset: jest.fn(),
      verifyToken: jest.fn(),
      completeReset: jest.fn(),
      revokeResetTokens: async (email: string, brand: string) => (calls.push(['revoke', email, brand]), { ok: true as const, value: { RevokedCount: 1 } }),
    };
    return { calls, accounts: createCustomerAccounts(customers, api, () => undefined) };
  }

  it("ends the customer's reset links after storing a new password, and only for a customer the portal has", async () => {
    const known = accountsWith('changed', true);
    expect(await known.accounts.setPassword('AquaGuard', 'jane@example.com', '$scrypt$hash')).toBe(true);
    expect(known.calls).toEqual([['setPasswordHash', 'AquaGuard', 'jane@example.com'], ['revoke', 'jane@example.com', 'AquaGuard']]);

    const stranger = accountsWith('changed', false);
    expect(await stranger.accounts.setPassword('AquaGuard', 'nobody@example.com', '$scrypt$hash')).toBe(false);
    expect(stranger.calls).toEqual([['setPasswordHash', 'AquaGuard', 'nobody@example.com']]);
  });

  it('ends the old address\'s reset links after moving the customer, and none when nothing moved', async () => {
    const moved = accountsWith('changed', true);
    expect(await moved.accounts.changeEmail('AquaGuard', 'old@example.com', 'new@example.com')).toBe('changed');
    expect(moved.calls).toEqual([['changeEmail', 'AquaGuard', 'old@example.com', 'new@example.com'], ['revoke', 'old@example.com', 'AquaGuard']]);

    for (const change of ['unknown', 'taken'] as const) {
      const unchanged = accountsWith(change, true);
      expect(await unchanged.accounts.changeEmail('AquaGuard', 'old@example.com', 'new@example.com')).toBe(change);
      expect(unchanged.calls.map(([name]) => name)).toEqual(['changeEmail']);
    }
  });
});
