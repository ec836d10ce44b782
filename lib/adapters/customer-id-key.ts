import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cachedUntilFailure } from '../cached-until-failure';
import { checkCustomerIdKey, customerIdKeySource } from '../config';
import { checkKeyFingerprint } from '../reset/key-fingerprint';
import { customerIdsUnder, type CustomerIdOf } from '../reset/token';
import { createSecretsManagerClient } from './aws-clients';
import { DynamoDbKeyFingerprints } from './dynamodb-key-fingerprints';
import { readSecretString } from './secrets-manager';

/**
 * The customer ids of the functions that make them from addresses (reset, revoke): the customer-id
 * key, from its secret or, offline, the environment (config.ts customerIdKeySource), checked against
 * the fingerprint recorded for `keyVersion` (key-fingerprint.ts), fetched and checked by the first
 * request of an instance and kept. A failed fetch or check answers that request (a 503 if AWS was
 * throttled, a 500 for a key that does not match its version) and the next request tries again. Not
 * started while the module loads: nothing at init depends on the network, and a cold start's first
 * request follows at once. Throws ConfigError at once when the environment names no key.
 */
export function loadCustomerIds(env: NodeJS.ProcessEnv, dynamodb: DynamoDBClient, tableName: string, keyVersion: string): () => Promise<CustomerIdOf> {
  const keySource = customerIdKeySource(env);
  const secrets = 'secretArn' in keySource ? createSecretsManagerClient() : undefined;
  const fingerprints = new DynamoDbKeyFingerprints(dynamodb, tableName);
  return cachedUntilFailure(async () => {
    const key = checkCustomerIdKey('key' in keySource ? keySource.key : await readSecretString(secrets!, keySource.secretArn));
    await checkKeyFingerprint(fingerprints, keyVersion, key);
    return customerIdsUnder(key);
  });
}
