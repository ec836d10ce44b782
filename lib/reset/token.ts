import { createHash } from 'node:crypto';
import type { RandomBytes } from '../ports';

/** 32 bytes = 256 bits of entropy in the secret part of every token. */
export const TOKEN_SECRET_BYTES = 32;

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Trimmed and lower-cased: the one form an address is keyed, stored and sent under. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The customer's stable, opaque key: 128 bits of SHA-256 over brand and address. The link carries it
 * so the service can find the record without the address ever appearing in a URL.
 */
export function customerIdOf(brandKey: string, normalisedEmail: string): string {
  return sha256(`${brandKey}\n${normalisedEmail}`).subarray(0, 16).toString('base64url');
}

/** The only form of a token that is ever stored or compared. */
export function hashToken(token: string): string {
  return sha256(token).toString('base64url');
}

/** A new URL-safe token `<customerId>.<secret>` and its hash. */
export function issueToken(customerId: string, randomBytes: RandomBytes): { token: string; tokenHash: string } {
  const token = `${customerId}.${randomBytes(TOKEN_SECRET_BYTES).toString('base64url')}`;
  return { token, tokenHash: hashToken(token) };
}
