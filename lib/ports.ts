/**
 * The interfaces the use cases need. Adapters (lib/adapters) implement them with AWS; unit tests
 * implement them with in-memory fakes.
 */

/** One customer's live reset token: the hash only, never the token itself. */
export interface ResetTokenRecord {
  /** Derived from brand and normalised email; the table key and the token's first part. */
  readonly customerId: string;
  /** The brand's configured name. */
  readonly brand: string;
  /** Normalised (trimmed, lower-cased) address. */
  readonly email: string;
  /** base64url SHA-256 of the whole token. */
  readonly tokenHash: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds; also the table's TTL attribute. */
  readonly expiresAt: number;
}

export interface TokenStore {
  /** Stores the record, replacing any earlier token of the same customer (only the newest link lives). */
  saveResetToken(record: ResetTokenRecord): Promise<void>;
}

export interface EmailMessage {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface Mailer {
  sendEmail(message: EmailMessage): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A CSPRNG: `crypto.randomBytes` in production. */
export type RandomBytes = (size: number) => Buffer;
