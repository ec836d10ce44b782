import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cachedUntilFailure } from '../cached-until-failure';
import { checkKeyFingerprint } from '../reset/key-fingerprint';
import { DynamoDbKeyFingerprints } from './dynamodb-key-fingerprints';
import { keyLoader } from './service-keys';

/**
 * The customer-id key of the functions that make customer ids from addresses (reset, revoke): read
 * as keyLoader reads it (service-keys.ts: its secret, or offline the environment), then checked
 * against the fingerprint recorded for `keyVersion` (key-fingerprint.ts), both by the first request
 * of an instance, and kept. A failed read or check answers that request (a 503 if AWS was
 * throttled, the generic 500 for a key that is not its version's) and the next request tries again.
 * Throws ConfigError at once when the environment names no key.
 */
export function loadCustomerIdKey(env: NodeJS.ProcessEnv, dynamodb: DynamoDBClient, tableName: string, keyVersion: string): () => Promise<string> {
  const customerIdKey = keyLoader(env, 'CUSTOMER_ID_KEY');
  const fingerprints = new DynamoDbKeyFingerprints(dynamodb, tableName);
  return cachedUntilFailure(async () => {
    const key = await customerIdKey();
    await checkKeyFingerprint(fingerprints, keyVersion, key);
    return key;
  });
}
