import { createHmac } from 'node:crypto';
import { ConfigError } from '../config';
import type { KeyFingerprints } from '../ports';

/**
 * What the fingerprint is an HMAC of. Never a brand key and address (`<brand>\n<address>`), so a
 * fingerprint is never a customer id's HMAC.
 */
const FINGERPRINT_MESSAGE = 'customer-id key fingerprint, v1';

/**
 * A keyed fingerprint of the customer-id key: base64url HMAC-SHA-256 under the key (its UTF-8 bytes,
 * as customerIdsUnder uses them) of a constant. Tells two keys apart without holding either: the
 * table's readers cannot get the key back from it.
 */
export function keyFingerprint(key: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(FINGERPRINT_MESSAGE).digest('base64url');
}

/**
 * Holds every function instance of a key version to one key (RESET.md: "a key rotation never leaves
 * two" live links). The first instance to use `keyVersion` records its key's fingerprint; an instance
 * with another key under the same version would key the same mailbox to another item and so give it
 * a second live link, and is refused: {@link ConfigError} naming CUSTOMER_ID_KEY_VERSION (a 500 at
 * the edge, with the reason in the log). Call it before the key's first use in an instance.
 */
export async function checkKeyFingerprint(fingerprints: KeyFingerprints, keyVersion: string, key: string): Promise<void> {
  if (await fingerprints.registerKeyFingerprint(keyVersion, keyFingerprint(key))) return;
  throw new ConfigError(
    `The customer-id key is not the one first used under CUSTOMER_ID_KEY_VERSION ${keyVersion}: give every new key a new CUSTOMER_ID_KEY_VERSION (docs/deploy.md, "Rotating the customer-id key")`,
  );
}
