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
}

/** The result of trying to redeem a token: the record as it now stands, and whether we used it up. */
export type ConsumeResult =
  | { readonly consumed: true; readonly record: ResetTokenRecord }
  | { readonly consumed: false; readonly record: ResetTokenRecord | undefined };

export interface TokenStore {
  /** Stores the record, replacing any earlier token of the same customer (only the newest link lives). */
  saveResetToken(record: ResetTokenRecord): Promise<void>;
  /** The customer's current record, read consistently. */
  findResetToken(customerId: string): Promise<ResetTokenRecord | undefined>;
  /**
   * Marks the token used in one conditional write, if it is still the customer's token, unused and
   * unexpired at `nowSeconds`. Of many concurrent calls, exactly one can succeed.
   */
  consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number): Promise<ConsumeResult>;
}

/** One counted request against one limit. */
export interface RateLimitHit {
  readonly key: string;
  /** The window's counter item, so a refund takes back exactly this count. */
  readonly windowKey: string;
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

/** Counters shared by every function instance (a Lambda's memory is not). */
export interface RateLimiter {
  /** Counts one request for `key` in the current window of `windowSeconds`; allowed while within `limit`. */
  hit(key: string, limit: number, windowSeconds: number, nowSeconds: number): Promise<RateLimitHit>;
  /** Takes the given counts back (a request we refused, or failed to serve, should not use up a limit). */
  refund(hits: readonly RateLimitHit[]): Promise<void>;
}

/** Decides whether an address belongs to a customer of a brand. */
export interface CustomerDirectory {
  isCustomer(brandKey: string, email: string): Promise<boolean>;
}

export interface EmailMessage {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
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
