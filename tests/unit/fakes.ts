import type { BrandCatalog, BrandFile } from '../../lib/config';
import { RecentSends } from '../../lib/reset/equal-work';
import type { RequestPasswordResetDeps } from '../../lib/reset/request-password-reset';
import { customerIdsUnder } from '../../lib/reset/token';
import { loadConfig } from '../../lib/config';
import type { ClaimResult, Clock, ConsumeResult, CustomerDirectory, EmailMessage, KeyFingerprints, Lease, Mailer, RateLimiter, RateLimitHit, ResetTokenRecord, TokenStore } from '../../lib/ports';
import { SLIDING_LOG_MAX, secondsUntil, subWindowOf } from '../../lib/reset/rate-limits';

/** A valid brand as a stage's brand file spells it: the base that configuration tests change one field of. */
export const acmeBrandEntry = {
  name: 'Acme',
  senderAddress: 'no-reply@acme.example',
  senderName: 'Acme',
  resetUrl: 'https://acme.example/reset',
  tokenTtlSeconds: 3600,
  supportAddress: 'support@acme.example',
  locales: ['en', 'de-CH'],
  templates: 'pumpalarm',
  customerDirectory: 'all',
  unknownAccountNotice: false,
} satisfies BrandFile['brands'][number];

/** The dev stage's brands, as the deployed code would load them. */
export const devBrands: BrandCatalog = loadConfig({ STAGE: 'dev', TABLE_NAME: 'test', CUSTOMER_TABLE_NAME: 'customers' }).brands;

/** The key version the unit tests' service runs under. */
export const KEY_VERSION = '1';

/**
 * A token store with DynamoDB's semantics: a claim is one conditional write on the lease, replacing
 * the record (or taking the lease alone); consume is one conditional write. `leases` shows who holds what.
 */
export class InMemoryTokenStore implements TokenStore {
  readonly items = new Map<string, ResetTokenRecord>();
  readonly leases = new Map<string, Lease>();

  claimResetToken = jest.fn(async (customerId: string, record: ResetTokenRecord | undefined, lease: Lease, nowMs: number): Promise<ClaimResult> => {
    const held = this.leases.get(customerId);
    if (held && held.untilMs > nowMs) return { claimed: false, heldUntilMs: held.untilMs };
    this.leases.set(customerId, lease);
    if (record) this.items.set(customerId, record);
    return { claimed: true };
  });

  releaseResetToken = jest.fn(async (customerId: string, lease: Lease) => {
    if (this.leases.get(customerId)?.id === lease.id) this.leases.delete(customerId);
  });

  findResetToken = jest.fn(async (customerId: string) => this.items.get(customerId));

  consumeResetToken = jest.fn(async (customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string): Promise<ConsumeResult> => {
    const record = this.items.get(customerId);
    if (!record || record.tokenHash !== tokenHash || record.keyVersion !== keyVersion || record.usedAt !== undefined || record.expiresAt <= nowSeconds) {
      return { consumed: false, record };
    }
    const used = { ...record, usedAt: nowSeconds };
    this.items.set(customerId, used);
    return { consumed: true, record: used };
  });

  revokeResetTokens = jest.fn(async (customerId: string, keyVersion: string, nowSeconds: number): Promise<number> => {
    const record = this.items.get(customerId);
    if (!record || record.keyVersion !== keyVersion || record.usedAt !== undefined || record.expiresAt <= nowSeconds) return 0;
    this.items.delete(customerId);
    this.leases.delete(customerId);
    return 1;
  });
}

/** Key fingerprints with DynamoDB's semantics: the first fingerprint of a version stays. */
export class InMemoryKeyFingerprints implements KeyFingerprints {
  readonly byVersion = new Map<string, string>();

  registerKeyFingerprint = jest.fn(async (keyVersion: string, fingerprint: string): Promise<boolean> => {
    const recorded = this.byVersion.get(keyVersion) ?? fingerprint;
    this.byVersion.set(keyVersion, recorded);
    return recorded === fingerprint;
  });
}

export class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  sendEmail = jest.fn(async (message: EmailMessage): Promise<'sent' | 'rejected'> => {
    this.sent.push(message);
    return 'sent';
  });
}

/** A directory that knows exactly the given `brandKey#email` entries. */
export const directoryOf = (...entries: string[]): CustomerDirectory => ({
  isCustomer: jest.fn(async (brandKey: string, email: string) => entries.includes(`${brandKey}#${email}`)),
});

/** A clock tests can move. */
export const movableClock = (epochMs: number): Clock & { advance(seconds: number): void } => {
  let now = epochMs;
  return { now: () => now, advance: (seconds) => void (now += seconds * 1000) };
};

export const fixedClock = (epochMs: number): Clock => ({ now: () => epochMs });

/** A predictable stand-in for crypto.randomBytes: each call returns bytes of a new value. */
export function countingRandomBytes(): (size: number) => Buffer {
  let call = 0;
  return (size) => Buffer.alloc(size, ++call);
}

/** The `token` parameter of the link in an email's text part. */
export function tokenInLink(text: string): string {
  const match = /\?token=([A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error('no link in the email');
  return match[1]!;
}

/**
 * The DynamoDB limiter's algorithms in memory: an exact sliding log up to SLIDING_LOG_MAX, a
 * sub-window budget above it; refunds take a log entry back only while it is the newest.
 */
export class InMemoryRateLimiter implements RateLimiter {
  readonly logs = new Map<string, number[]>();
  readonly counts = new Map<string, number>();

  hit = jest.fn(async (key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit> => {
    if (limit > SLIDING_LOG_MAX) {
      const { index, endMs, share } = subWindowOf({ limit, windowSeconds }, nowMs);
      const receipt = `${key}#${windowSeconds}#${index}`;
      const count = (this.counts.get(receipt) ?? 0) + 1;
      this.counts.set(receipt, count);
      return { key, allowed: count <= share, retryAfterSeconds: secondsUntil(endMs, nowMs), receipt };
    }
    const logKey = `${key}#${windowSeconds}`;
    const log = this.logs.get(logKey) ?? [];
    const inWindow = log.filter((at) => at > nowMs - windowSeconds * 1000);
    if (inWindow.length >= limit) return { key, allowed: false, retryAfterSeconds: secondsUntil(inWindow[0]! + windowSeconds * 1000, nowMs) };
    this.logs.set(logKey, [...inWindow, nowMs]);
    return { key, allowed: true, retryAfterSeconds: 0, receipt: `${logKey}\n${nowMs}` };
  });

  refund = jest.fn(async (hits: readonly RateLimitHit[]) => {
    for (const { receipt } of hits) {
      if (receipt === undefined) continue;
      const [logKey = '', at] = receipt.split('\n');
      if (at === undefined) this.counts.set(logKey, (this.counts.get(logKey) ?? 1) - 1);
      else if (this.logs.get(logKey)?.at(-1) === Number(at)) this.logs.get(logKey)!.pop();
    }
  });
}

/** Customer ids as the unit tests' service makes them, under a test key. */
export const customerIdOf = customerIdsUnder('unit-tests-customer-id-key-not-a-secret');

/** A caller with no Accept-Language, from one IP. */
export const anyone = { acceptLanguage: undefined, sourceIp: '203.0.113.7' };

/**
 * Everything requestPasswordReset needs, as fakes: dev brands, an empty store and inbox, a clock at
 * `epochMs`, unlimited directory (every address a customer), a record of recent sends, and a fixed
 * answer time ({@link FAKE_RESPONSE_TIME}) whose wait, like every wait, is recorded, not slept.
 */
/** The fakes' answer time: one fixed value, so a test can name the padding's wait exactly. */
export const FAKE_RESPONSE_TIME = { minMs: 300, maxMs: 300 };

export function resetDeps(epochMs: number, overrides: Partial<Pick<RequestPasswordResetDeps, 'brands' | 'directoryFor'>> = {}) {
  const fakes = {
    brands: devBrands,
    tokens: new InMemoryTokenStore(),
    mailer: new RecordingMailer(),
    clock: movableClock(epochMs),
    randomBytes: countingRandomBytes(),
    customerIdOf,
    rateLimiter: new InMemoryRateLimiter(),
    directoryFor: (): CustomerDirectory | undefined => undefined,
    recentSends: new RecentSends(),
    responseTime: FAKE_RESPONSE_TIME,
    sleep: jest.fn(async (_milliseconds: number) => undefined),
    keyVersion: KEY_VERSION,
  };
  return { ...fakes, ...overrides };
}
