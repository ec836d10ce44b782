import type { BrandCatalog } from '../../lib/config';
import { RecentSends } from '../../lib/reset/equal-work';
import type { RequestPasswordResetDeps } from '../../lib/reset/request-password-reset';
import { customerIdsUnder } from '../../lib/reset/token';
import { loadConfig } from '../../lib/config';
import type { Clock, ConsumeResult, CustomerDirectory, EmailMessage, Mailer, RateLimiter, RateLimitHit, ResetTokenRecord, TokenStore } from '../../lib/ports';

/** The dev stage's brands, as the deployed code would load them. */
export const devBrands: BrandCatalog = loadConfig({ STAGE: 'dev', TABLE_NAME: 'test', CUSTOMER_TABLE_NAME: 'customers' }).brands;

/** A token store with DynamoDB's semantics: put replaces, consume is one conditional write. */
export class InMemoryTokenStore implements TokenStore {
  readonly items = new Map<string, ResetTokenRecord>();

  saveResetToken = jest.fn(async (record: ResetTokenRecord) => {
    this.items.set(record.customerId, record);
  });

  findResetToken = jest.fn(async (customerId: string) => this.items.get(customerId));

  consumeResetToken = jest.fn(async (customerId: string, tokenHash: string, nowSeconds: number): Promise<ConsumeResult> => {
    const record = this.items.get(customerId);
    if (!record || record.tokenHash !== tokenHash || record.usedAt !== undefined || record.expiresAt <= nowSeconds) {
      return { consumed: false, record };
    }
    const used = { ...record, usedAt: nowSeconds };
    this.items.set(customerId, used);
    return { consumed: true, record: used };
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

/** Fixed-window counters in memory, with the DynamoDB limiter's semantics. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();

  hit = jest.fn(async (key: string, limit: number, windowSeconds: number, nowSeconds: number): Promise<RateLimitHit> => {
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowKey = `${key}#${windowSeconds}#${windowStart}`;
    const count = (this.counts.get(windowKey) ?? 0) + 1;
    this.counts.set(windowKey, count);
    return { key, windowKey, allowed: count <= limit, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
  });

  refund = jest.fn(async (hits: readonly RateLimitHit[]) => {
    for (const hit of hits) this.counts.set(hit.windowKey, (this.counts.get(hit.windowKey) ?? 1) - 1);
  });
}

/** Customer ids as the unit tests' service makes them, under a test key. */
export const customerIdOf = customerIdsUnder('unit-tests-customer-id-key-not-a-secret');

/** A caller with no Accept-Language, from one IP. */
export const anyone = { acceptLanguage: undefined, sourceIp: '203.0.113.7' };

/**
 * Everything requestPasswordReset needs, as fakes: dev brands, an empty store and inbox, a clock at
 * `epochMs`, unlimited directory (every address a customer) and a record of recent sends whose waits
 * are recorded, not slept.
 */
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
    sleep: jest.fn(async (_milliseconds: number) => undefined),
  };
  return { ...fakes, ...overrides };
}
