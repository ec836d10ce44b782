import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadCustomerIdKey } from '../../../lib/adapters/customer-id-key';
import { ConfigError } from '../../../lib/config';
import { keyFingerprint } from '../../../lib/reset/key-fingerprint';

const dynamodb = mockClient(DynamoDBClient);
const secretsManager = mockClient(SecretsManagerClient);
const KEY = 'unit-tests-customer-id-key-not-a-secret-at-all';
const offline = { IS_OFFLINE: 'true', CUSTOMER_ID_KEY: KEY };
const client = () => new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 });
const checkFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('loadCustomerIdKey', () => {
  beforeEach(() => {
    dynamodb.reset();
    secretsManager.reset();
  });

  it("checks the key's fingerprint under the version at the first use, once per instance, then gives the key", async () => {
    dynamodb.on(PutItemCommand).resolves({});
    const customerIdKey = loadCustomerIdKey(offline, client(), 'resets', '3');

    expect([await customerIdKey(), await customerIdKey()]).toEqual([KEY, KEY]);
    expect(dynamodb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item)).toEqual([{ pk: { S: 'keyversion#3' }, fingerprint: { S: keyFingerprint(KEY) } }]);
  });

  it('reads a deployed key from its secret and checks that one', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `${KEY}\n` });
    dynamodb.on(PutItemCommand).resolves({});

    await loadCustomerIdKey({ CUSTOMER_ID_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:key' }, client(), 'resets', '1')();

    expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input.Item?.fingerprint).toEqual({ S: keyFingerprint(KEY) });
  });

  it('refuses every request while another key holds the version, checking again each time', async () => {
    dynamodb.on(PutItemCommand).rejects(checkFailed());
    const customerIdKey = loadCustomerIdKey(offline, client(), 'resets', '1');

    await expect(customerIdKey()).rejects.toBeInstanceOf(ConfigError);
    await expect(customerIdKey()).rejects.toThrow(/CUSTOMER_ID_KEY_VERSION 1/);
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(2);
  });
});
