import { createHash, randomBytes } from 'node:crypto';
import { customerIdOf, hashToken, issueToken, normaliseEmail } from '../../../lib/reset/token';

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
    const id = customerIdOf('pumpalarm', normaliseEmail(' Jane@Example.com '));
    expect(id).toBe(customerIdOf('pumpalarm', 'jane@example.com'));
    expect(id).not.toBe(customerIdOf('aquaguard', 'jane@example.com'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hashToken('a')).not.toBe(hashToken('b'));
  });
});
