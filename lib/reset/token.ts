import { createHmac, createSecretKey, hash, hkdfSync, timingSafeEqual } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { RandomBytes } from '../ports';

/** 32 bytes = 256 bits of entropy in the secret part of every token. */
const TOKEN_SECRET_BYTES = 32;

/** One-shot SHA-256 (no Hash object per call: this is on every request's path). */
const sha256 = (value: string): Buffer => hash('sha256', value, 'buffer');

/**
 * The one form an address is keyed, stored and sent under: trimmed, the (ASCII) local part
 * lower-cased, the domain in the ASCII form mail and DNS use. The domain goes through the platform's
 * IDNA conversion (WHATWG URL's `domainToASCII`: UTS-46 mapping, non-transitional) as typed, never
 * lower-cased first: `toLowerCase` applies Unicode's final-sigma rule, so `ΟΔΟΣ-x.gr` would become a
 * different punycode name than UTS-46 gives, and look-alikes must meet one mapping only. Expects an
 * address `checkEmailAddress` (email-address.ts) accepted; gives an empty domain when IDNA refuses it.
 */
export function normaliseEmail(email: string): string {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at).toLowerCase()}@${domainToASCII(address.slice(at + 1))}`;
}

/** A customer's stable, opaque id from brand key and normalised address. */
export type CustomerIdOf = (brandKey: string, normalisedEmail: string) => string;

/**
 * Customer ids under a secret key: 128 bits of HMAC-SHA-256 over brand and address. The link carries
 * the id so the service can find the record without the address appearing in a URL. Keyed, so
 * neither a link nor a copy of the table (whose rate-limit counters are named by the ids of strangers
 * too) lets anyone confirm a guessed address: an unkeyed hash would, offline.
 */
export function customerIdsUnder(key: string): CustomerIdOf {
  // Stryker disable next-line StringLiteral: Buffer.from reads an empty encoding name as its default, utf8
  const secret = createSecretKey(Buffer.from(key, 'utf8'));
  return (brandKey, normalisedEmail) => createHmac('sha256', secret).update(`${brandKey}\n${normalisedEmail}`).digest().subarray(0, 16).toString('base64url');
}

/** The only form of a token that is ever stored or compared. */
export function hashToken(token: string): string {
  return sha256(token).toString('base64url');
}

/** Makes a link's token from its item's nonce: see {@link linkTokensUnder}. */
export type LinkTokenOf = (customerId: string, nonce: string) => string;

/** A fresh nonce for a reset item: 32 bytes from the CSPRNG, base64url (43 characters). */
export function newNonce(randomBytes: RandomBytes): string {
  return randomBytes(TOKEN_SECRET_BYTES).toString('base64url');
}

/**
 * Link tokens `<customerId>.<secret>` under the customer-id key: the secret part is HMAC-SHA-256,
 * under a key derived from the customer-id key (HKDF-SHA-256, RFC 5869, info `reset-link`), of the
 * customer id and the item's random nonce. The table keeps the nonce and the token's hash, never the
 * token: only a holder of the key (the reset function, which stores the hash, and the sender, which
 * mails the link) can turn a nonce into a link, so a reader of the table alone cannot (RESET.md).
 * Binding the customer id means a nonce copied into another item makes no link for it.
 */
export function linkTokensUnder(customerIdKey: string): LinkTokenOf {
  const derived = Buffer.from(hkdfSync('sha256', Buffer.from(customerIdKey, 'utf8'), Buffer.alloc(0), 'reset-link', 32));
  const secret = createSecretKey(derived);
  return (customerId, nonce) => `${customerId}.${createHmac('sha256', secret).update(`${customerId}.${nonce}`).digest('base64url')}`;
}

const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;

/** The customer a token names, or undefined when it is not of our making at all. */
export function customerIdOfToken(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

/** Why a token cannot be used, or `live`. */
export type TokenState = 'live' | 'TokenNotFound' | 'TokenExpired' | 'TokenUsed';

/**
 * Reads a stored record against a presented token at `nowSeconds`. A hash that differs means the
 * token was never issued or was replaced, and a record made under another customer-id key version
 * than `keyVersion` belongs to a rotated key: both `TokenNotFound`, whatever state the record is in.
 * The comparison is constant-time. Expiry is checked here, since DynamoDB's TTL deletes items late.
 */
export function tokenStateOf(
  record: { tokenHash: string; expiresAt: number; usedAt?: number; keyVersion: string } | undefined,
  tokenHash: string,
  nowSeconds: number,
  keyVersion: string,
): TokenState {
  if (!record || record.keyVersion !== keyVersion) return 'TokenNotFound';
  const stored = Buffer.from(record.tokenHash, 'base64url');
  const presented = Buffer.from(tokenHash, 'base64url');
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return 'TokenNotFound';
  if (record.usedAt !== undefined) return 'TokenUsed';
  if (record.expiresAt <= nowSeconds) return 'TokenExpired';
  return 'live';
}
