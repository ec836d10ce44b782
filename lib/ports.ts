/**
 * The interfaces the use cases need. Adapters (lib/adapters) implement them with AWS; unit tests
 * implement them with in-memory fakes.
 */

/**
 * What a reset item asks the sender (on the table's stream) to send: the reset link of a request, or
 * the notice that a link was used. Absent once the sender has handled the item.
 */
export type OutboxKind = 'reset-password' | 'password-changed';

/**
 * One customer mailbox's reset item: the hash of its link's token, never the token, and the nonce the
 * token is made from under a key the table does not hold (token.ts linkTokensUnder). Every request
 * writes one, for a customer or a stranger alike: which one it was is for the sender to find out.
 */
export interface ResetTokenRecord {
  /** Derived from brand and mailbox; the table key and the token's first part. */
  readonly customerId: string;
  /** The brand's configured name. */
  readonly brand: string;
  /** The normalised address the request typed; stored sealed (sealed-address.ts), never in clear. */
  readonly email: string;
  /** base64url, 32 random bytes: with the link key, the token (token.ts). */
  readonly nonce: string;
  /** base64url SHA-256 of the whole token. */
  readonly tokenHash: string;
  /** The language the reset request asked its email's to be (see {@link RequestedLanguage}); the notice's fallback too. */
  readonly language: RequestedLanguage;
  /** Epoch seconds: when the request came. */
  readonly createdAt: number;
  /**
   * Epoch seconds; also the table's TTL attribute. Until the sender mails the link: the latest it may
   * still go out; from the send: the link's end, a brand's token lifetime after the email left.
   */
  readonly expiresAt: number;
  /** Epoch seconds; set once, by the one request that redeemed the token. */
  readonly usedAt?: number;
  /**
   * The customer-id key's version the record was made under (CUSTOMER_ID_KEY_VERSION). Verify and
   * complete refuse a record of another version, so rotating the key ends outstanding links.
   */
  readonly keyVersion: string;
  /** The email waiting for the sender, if any. */
  readonly outbox?: OutboxKind;
  /** Epoch seconds: when the sender handled the item's latest email (sent it, or found nothing to send). */
  readonly handledAt?: number;
  /** What the redeeming request asked its notice's language to be (see {@link RequestedLanguage}). */
  readonly noticeLanguage?: RequestedLanguage;
}

/**
 * The language a request asks its email's to be, as it asked (its `Locale` field, its
 * Accept-Language; stored cut to 256 characters each): the sender picks the email's language from
 * them and the brand's locales (lib/email/locale.ts), one place for every email, so the request path
 * does no negotiation of its own.
 */
export interface RequestedLanguage {
  readonly locale?: string;
  readonly acceptLanguage?: string;
}

/** The result of trying to redeem a token: the record as it now stands, and whether we used it up. */
export type ConsumeResult =
  | { readonly consumed: true; readonly record: ResetTokenRecord }
  | { readonly consumed: false; readonly record: ResetTokenRecord | undefined };

/** Reads a mailbox's item: verify, complete and the sender. */
export interface TokenReader {
  /** The customer's current record, read consistently. */
  findResetToken(customerId: string): Promise<ResetTokenRecord | undefined>;
}

/** Redeems a link: complete. */
export interface TokenRedeemer extends TokenReader {
  /**
   * Marks the token used in one conditional write, if it is still the customer's token, made under
   * key version `keyVersion`, unused and unexpired at `nowSeconds`, and queues the "password changed"
   * notice on the item (`outbox: 'password-changed'`, in `language`). Of many concurrent calls, exactly
   * one can succeed.
   */
  consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string, language: RequestedLanguage): Promise<ConsumeResult>;
}

/** The sender's view of the items: what an email needs, and the mark that it was handled. */
export interface OutboxMarker extends TokenReader {
  /**
   * The sender's mark, in one conditional write: the item's `kind` email is handled at `nowSeconds`
   * and, when given, its link lives until `expiresAt`. Only if the item still holds `nonce` and waits
   * for `kind`; false when it does not (a newer request replaced it, or a redelivery was marked already).
   */
  markEmailHandled(customerId: string, nonce: string, kind: OutboxKind, nowSeconds: number, expiresAt?: number): Promise<boolean>;
}

/** Ends a mailbox's links: revoke. It never reads an item, so it needs no address key. */
export interface TokenRevoker {
  /**
   * Ends every live link of `customerId`'s mailbox: each token made under key version `keyVersion`,
   * unused and unexpired at `nowSeconds`, in conditional writes (a token used, expired, replaced or
   * of another key version meanwhile is left as it is, and a used one keeps its queued notice).
   * Resolves to how many it ended; with one item per mailbox, 0 or 1.
   */
  revokeResetTokens(customerId: string, keyVersion: string, nowSeconds: number): Promise<number>;
}

/**
 * Every operation on token items. Each function holds only the role its use case needs (its
 * adapter then bundles only those calls, as its IAM role allows only them); fakes implement it all.
 */
export type TokenStore = TokenRedeemer & OutboxMarker & TokenRevoker;

/** One count a request makes against one limit: at most `limit` requests per `windowSeconds` for `key`. */
export interface RateLimitCharge {
  readonly key: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** A reset queued, or refused by a limit with whole seconds to wait (at least 1), nothing written. */
export type QueueResetResult = { readonly queued: true } | { readonly queued: false; readonly retryAfterSeconds: number };

/** Where the request path leaves a mailbox's reset for the sender. */
export interface ResetQueue {
  /**
   * In one atomic write: counts the request against each of `charges` at `nowMs` (epoch ms) and, only
   * if every limit allows it, writes `record` (with `outbox: 'reset-password'`) as the mailbox's item
   * in place of any earlier one, so only the newest link lives and the table's stream hands the new
   * item to the sender. Over a limit, nothing is counted or written. The write has one shape and size
   * whoever the address belongs to.
   */
  queueReset(record: ResetTokenRecord, charges: readonly RateLimitCharge[], nowMs: number): Promise<QueueResetResult>;
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

/** An email a reset item queued: which item, which request (its nonce) and what to send. */
export interface QueuedEmail {
  readonly customerId: string;
  readonly nonce: string;
  readonly kind: OutboxKind;
}

/**
 * A timer that hands a queued email back to the sender later: the sender's schedule (the mailbox,
 * domain and stage limits) says "not yet" by setting one instead of refusing or dropping the email.
 */
export interface SendTimer {
  /**
   * Hands `queued` back to the sender in about `delaySeconds` (whole seconds, at least 1). A timer may
   * cap the delay (SQS: 900 s); the sender then checks its schedule again and sets the next one.
   */
  sendLater(queued: QueuedEmail, delaySeconds: number): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A CSPRNG: `crypto.randomBytes` in production. */
export type RandomBytes = (size: number) => Buffer;
