/**
 * The interfaces the use cases need. Adapters (lib/adapters) implement them with AWS; unit tests
 * implement them with in-memory fakes.
 */

/** One customer's reset token: the hash only, never the token itself. */
export interface ResetTokenRecord {
  /** Derived from brand and normalised email; the table key and the token's first part. */
  readonly customerId: string;
  /** The brand's configured name. */
  readonly brand: string;
  /** Normalised (trimmed, lower-cased) address. */
  readonly email: string;
  /** base64url SHA-256 of the whole token. */
  readonly tokenHash: string;
  /** The language the reset email was written in, reused for the "password changed" notice. */
  readonly locale: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds; also the table's TTL attribute. */
  readonly expiresAt: number;
  /** Epoch seconds; set once, by the one request that redeemed the token. */
  readonly usedAt?: number;
  /**
   * The customer-id key's version the record was made under (CUSTOMER_ID_KEY_VERSION). Verify and
   * complete refuse a record of another version, so rotating the key ends outstanding links.
   */
  readonly keyVersion: string;
}

/** A short hold on one customer mailbox's item, so its requests write and send one after another. */
export interface Lease {
  /** Random; only the holder can release it. */
  readonly id: string;
  /** Epoch ms after which the lease lapses on its own (a holder that crashed holds nothing). */
  readonly untilMs: number;
}

/** The result of trying to take a lease: taken, or held by another request until `heldUntilMs`. */
export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly heldUntilMs: number };

/** The result of trying to redeem a token: the record as it now stands, and whether we used it up. */
export type ConsumeResult =
  | { readonly consumed: true; readonly record: ResetTokenRecord }
  | { readonly consumed: false; readonly record: ResetTokenRecord | undefined };

export interface TokenStore {
  /**
   * Takes the lease on the item of `customerId` in one conditional write, if no other request holds
   * it at `nowMs`, and with it stores `record` in place of any earlier token (only the newest link
   * lives). With no record (an address the directory does not know) it takes the lease alone and
   * leaves any token there as it is. Either way the write costs the same.
   */
  claimResetToken(customerId: string, record: ResetTokenRecord | undefined, lease: Lease, nowMs: number): Promise<ClaimResult>;
  /** Gives the lease back, if it is still ours. Best effort: an unreleased lease lapses at its `untilMs`. */
  releaseResetToken(customerId: string, lease: Lease): Promise<void>;
  /** The customer's current record, read consistently. */
  findResetToken(customerId: string): Promise<ResetTokenRecord | undefined>;
  /**
   * Marks the token used in one conditional write, if it is still the customer's token, made under
   * key version `keyVersion`, unused and unexpired at `nowSeconds`. Of many concurrent calls, exactly
   * one can succeed.
   */
  consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string): Promise<ConsumeResult>;
  /**
   * Ends every live link of `customerId`'s mailbox: each token made under key version `keyVersion`,
   * unused and unexpired at `nowSeconds`, in conditional writes (a token used, expired, replaced or
   * of another key version meanwhile is left as it is). Resolves to how many it ended; with one item
   * per mailbox, 0 or 1.
   */
  revokeResetTokens(customerId: string, keyVersion: string, nowSeconds: number): Promise<number>;
}

/**
 * Fingerprints of the customer-id key, one per key version, shared by every function instance: the
 * first instance to use a version records its key's fingerprint, and the others must match it.
 */
export interface KeyFingerprints {
  /**
   * Records `fingerprint` for `keyVersion` unless one is recorded already, in one conditional write.
   * Resolves to `true` when the version's fingerprint is (now) `fingerprint`, `false` when another
   * fingerprint holds the version.
   */
  registerKeyFingerprint(keyVersion: string, fingerprint: string): Promise<boolean>;
}

/** One request counted against one limit. */
export interface RateLimitHit {
  readonly key: string;
  readonly allowed: boolean;
  /** When refused: whole seconds until a request for this key can be allowed again, at least 1. */
  readonly retryAfterSeconds: number;
  /** The limiter's note of the count this hit added, for a refund; absent when it added none. */
  readonly receipt?: string;
}

/**
 * Counters shared by every function instance (a Lambda's memory is not). Whatever the algorithm, no
 * more than `limit` hits are allowed in any `windowSeconds` (rate-limits.ts says how).
 */
export interface RateLimiter {
  /** Counts one request for `key` at `nowMs` (epoch ms): allowed while within `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit>;
  /**
   * Takes the given counts back (a request we refused, or failed to serve, should not use up a
   * limit). Best effort: a count that cannot be taken back only leaves the limit a little tighter.
   */
  refund(hits: readonly RateLimitHit[]): Promise<void>;
}

/** Decides whether an address belongs to a customer of a brand. */
export interface CustomerDirectory {
  isCustomer(brandKey: string, email: string): Promise<boolean>;
}

export interface EmailMessage {
  readonly from: { readonly name: string; readonly address: string };
  /** Where replies go (the brand's support address): the sender is a mailbox nobody reads. */
  readonly replyTo: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Labels the provider attaches to the message's delivery events (SES message tags): brand and kind. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface Mailer {
  /**
   * `rejected`: the provider refused this message for good (e.g. SES MessageRejected); nothing to
   * retry. Passing failures throw.
   */
  sendEmail(message: EmailMessage): Promise<'sent' | 'rejected'>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A CSPRNG: `crypto.randomBytes` in production. */
export type RandomBytes = (size: number) => Buffer;
