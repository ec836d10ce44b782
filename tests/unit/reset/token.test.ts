import { createHash, createHmac, randomBytes } from 'node:crypto';
import { customerIdsUnder, hashToken, issueToken, normaliseEmail } from '../../../lib/reset/token';

describe('tokens', () => {
  it('issues <customerId>.<256-bit secret>, URL-safe, with its SHA-256 as the only stored form', () => {
    const { token, tokenHash } = issueToken('cust', randomBytes);
    const [customerId, secret] = token.split('.');
    expect(customerId).toBe('cust');
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(tokenHash).not.toContain(secret);
  });

  it('never issues the same token twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => issueToken('c', randomBytes).token));
    expect(tokens.size).toBe(1000);
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
