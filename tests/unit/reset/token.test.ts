import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { customerIdsUnder, customerIdOfToken, hashToken, linkTokensUnder, newNonce, normaliseEmail } from '../../../lib/reset/token';

describe('tokens', () => {
  const key = 'a-test-key-of-more-than-32-characters';
  const customerId = customerIdsUnder(key)('pumpalarm', 'jane@example.com');

  it('makes <customerId>.<256-bit secret> from a nonce: URL-safe, read back by its customer id, its SHA-256 the only stored form', () => {
    const nonce = newNonce(randomBytes);
    const token = linkTokensUnder(key)(customerId, nonce);
    const [id, secret] = token.split('.');
    expect(id).toBe(customerId);
    expect(customerIdOfToken(token)).toBe(customerId);
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(token).not.toContain(nonce);
  });

  it('makes the secret part an HMAC-SHA-256 of customer id and nonce under a key derived from the customer-id key (HKDF, info reset-link)', () => {
    const nonce = 'n'.repeat(43);
    const linkKey = Buffer.from(hkdfSync('sha256', Buffer.from(key), Buffer.alloc(0), 'reset-link', 32));
    const expected = createHmac('sha256', linkKey).update(`${customerId}.${nonce}`).digest('base64url');
    expect(linkTokensUnder(key)(customerId, nonce)).toBe(`${customerId}.${expected}`);
    // Not the customer-id key itself: a link never reveals what customer ids are made under.
    expect(expected).not.toBe(createHmac('sha256', key).update(`${customerId}.${nonce}`).digest('base64url'));
    // Another key, another customer or another nonce: another link.
    expect(linkTokensUnder(`${key}!`)(customerId, nonce)).not.toBe(linkTokensUnder(key)(customerId, nonce));
    expect(linkTokensUnder(key)('A'.repeat(22), nonce)).not.toBe(linkTokensUnder(key)(customerId, nonce));
    expect(linkTokensUnder(key)(customerId, 'm'.repeat(43))).not.toBe(linkTokensUnder(key)(customerId, nonce));
  });

  it('never draws the same nonce twice', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce(randomBytes)));
    expect(nonces.size).toBe(1000);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keys a customer by brand and normalised address, without the address in clear', () => {
    const customerIdOf = customerIdsUnder('a-test-key-of-more-than-32-characters');
    const id = customerIdOf('pumpalarm', normaliseEmail(' Jane@Example.com '));
    expect(id).toBe(customerIdOf('pumpalarm', 'jane@example.com'));
    expect(id).not.toBe(customerIdOf('aquaguard', 'jane@example.com'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hashToken('a')).not.toBe(hashToken('b'));
  });

  it('makes customer ids under a secret key: 128 bits of HMAC-SHA-256, which no one without the key can recompute', () => {
    const key = 'a-test-key-of-more-than-32-characters';
    const id = customerIdsUnder(key)('pumpalarm', 'jane@example.com');
    expect(id).toBe(createHmac('sha256', key).update('pumpalarm\njane@example.com').digest().subarray(0, 16).toString('base64url'));
    // Not the unkeyed hash a link holder could check a guessed address against, and not the id under another key.
    expect(id).not.toBe(createHash('sha256').update('pumpalarm\njane@example.com').digest().subarray(0, 16).toString('base64url'));
    expect(id).not.toBe(customerIdsUnder(`${key}-rotated`)('pumpalarm', 'jane@example.com'));
  });
});
