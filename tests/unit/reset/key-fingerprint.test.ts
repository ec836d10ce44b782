import { createHmac } from 'node:crypto';
import { ConfigError } from '../../../lib/config';
import { checkKeyFingerprint, keyFingerprint } from '../../../lib/reset/key-fingerprint';
import { customerIdsUnder } from '../../../lib/reset/token';
import { InMemoryKeyFingerprints } from '../fakes';

const KEY_A = 'key-a-unit-tests-customer-id-key-not-a-secret';
const KEY_B = 'key-b-unit-tests-customer-id-key-not-a-secret';

describe('keyFingerprint', () => {
  it('is an HMAC-SHA-256 under the key, never the key itself or a customer id', () => {
    const fingerprint = keyFingerprint(KEY_A);

    expect(fingerprint).toBe(createHmac('sha256', Buffer.from(KEY_A, 'utf8')).update('customer-id key fingerprint, v1').digest('base64url'));
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fingerprint).not.toContain(KEY_A);
    expect(fingerprint.slice(0, 22)).not.toBe(customerIdsUnder(KEY_A)('customer-id key fingerprint', 'v1'));
  });

  it('tells two keys apart and gives one key the same fingerprint every time', () => {
    expect(keyFingerprint(KEY_A)).toBe(keyFingerprint(KEY_A));
    expect(keyFingerprint(KEY_B)).not.toBe(keyFingerprint(KEY_A));
  });
});

describe('checkKeyFingerprint', () => {
  it("records the first key of a version, and lets instances with that key through", async () => {
    const fingerprints = new InMemoryKeyFingerprints();

    await checkKeyFingerprint(fingerprints, '1', KEY_A);
    await checkKeyFingerprint(fingerprints, '1', KEY_A);

    expect(fingerprints.byVersion).toEqual(new Map([['1', keyFingerprint(KEY_A)]]));
  });

  it('refuses another key under the same version with a configuration error naming CUSTOMER_ID_KEY_VERSION, never the keys', async () => {
    const fingerprints = new InMemoryKeyFingerprints();
    await checkKeyFingerprint(fingerprints, '1', KEY_A);

    const refused = checkKeyFingerprint(fingerprints, '1', KEY_B);

    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/^The customer-id key is not the one first used under CUSTOMER_ID_KEY_VERSION 1: give every new key a new CUSTOMER_ID_KEY_VERSION/);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).not.toContain(KEY_A);
    expect(message).not.toContain(KEY_B);
    expect(message).not.toContain(keyFingerprint(KEY_A));
  });

  it('takes a new key under a new version, leaving the old version to its key', async () => {
    const fingerprints = new InMemoryKeyFingerprints();
    await checkKeyFingerprint(fingerprints, '1', KEY_A);

    await checkKeyFingerprint(fingerprints, '2', KEY_B);

    expect(fingerprints.byVersion).toEqual(new Map([['1', keyFingerprint(KEY_A)], ['2', keyFingerprint(KEY_B)]]));
  });
});
