import { cachedUntilFailure } from '../cached-until-failure';
import { checkKey, keySource, type KeyName } from '../config';
import { createSecretsManagerClient } from './aws-clients';
import { readSecretString } from './secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { pooledRandomBytes } from '../reset/random-pool';
import { addressSealerUnder, type AddressSealer } from '../reset/sealed-address';
import { customerIdsUnder, linkTokensUnder, type CustomerIdOf, type LinkTokenOf } from '../reset/token';

/** One Secrets Manager client per instance, made only if a key lives in a secret. */
let secrets: SecretsManagerClient | undefined;

/**
 * A key as a function reads it (config.ts keySource): the environment's offline, else its secret,
 * fetched by the first call of an instance and kept; a failed fetch fails that call (a 503 if Secrets
 * Manager was throttled) and the next call tries again. Nothing is fetched while the module loads:
 * nothing at init depends on the network, and a cold start's first request follows at once.
 * The source is read at once, so a missing setting fails the cold start with a ConfigError.
 */
export function keyLoader(env: NodeJS.ProcessEnv, name: KeyName): () => Promise<string> {
  const source = keySource(env, name);
  if ('key' in source) return () => Promise.resolve(source.key);
  return cachedUntilFailure(async () => checkKey(name, await readSecretString((secrets ??= createSecretsManagerClient()), source.secretArn)));
}

/**
 * The address sealer (sealed-address.ts) under ADDRESS_KEY, made once its key is in: see {@link keyLoader}.
 * Its IVs come from a pool of CSPRNG bytes (random-pool.ts): a CSPRNG call per seal was about a tenth
 * of a reset request's own CPU (docs/performance.md).
 */
export function addressSealerLoader(env: NodeJS.ProcessEnv): () => Promise<AddressSealer> {
  const addressKey = keyLoader(env, 'ADDRESS_KEY');
  return cachedUntilFailure(async () => addressSealerUnder(await addressKey(), pooledRandomBytes()));
}

/**
 * Customer ids and link tokens (token.ts) under the customer-id key `customerIdKey` loads, made once
 * the key is in and kept; a failed load fails the call and the next call tries again.
 */
export function customerIdsAndLinksUnder(customerIdKey: () => Promise<string>): () => Promise<{ customerIdOf: CustomerIdOf; linkTokenOf: LinkTokenOf }> {
  return cachedUntilFailure(async () => {
    const key = await customerIdKey();
    return { customerIdOf: customerIdsUnder(key), linkTokenOf: linkTokensUnder(key) };
  });
}
