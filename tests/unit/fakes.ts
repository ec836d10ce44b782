import type { BrandCatalog, BrandFile } from '../../lib/config';
import type { RequestPasswordResetDeps } from '../../lib/reset/request-password-reset';
import { sendQueuedEmail, type SendOutcome, type SendQueuedEmailDeps } from '../../lib/reset/send-queued-email';
import { customerIdsUnder, linkTokensUnder } from '../../lib/reset/token';
import { loadConfig } from '../../lib/config';
import type { Clock, ConsumeResult, CustomerDirectory, EmailMessage, KeyFingerprints, Mailer, OutboxKind, QueuedEmail, QueueResetResult, RateLimitCharge, RateLimiter, RateLimitHit, RequestedLanguage, ResetQueue, ResetTokenRecord, SendTimer, TokenStore } from '../../lib/ports';
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

/** A token record as the adapters' tests store and read it (key version `2`), with `overrides`. */
export const storedRecord = (overrides: Partial<ResetTokenRecord> = {}): ResetTokenRecord => ({
  customerId: 'cid',
  brand: 'PumpAlarm',
  email: 'a+tag@b.com',
  nonce: 'nonce',
  tokenHash: 'hash',
  language: { locale: 'de', acceptLanguage: undefined },
  createdAt: 100,
  expiresAt: 3700,
  keyVersion: '2',
  ...overrides,
});

/**
 * A token store and reset queue with DynamoDB's semantics: a queued reset counts its charges and
 * replaces the mailbox's item whole, queuing its email, all or nothing; consume and the sender's mark are conditional writes. Every write that queues an email is
 * appended to `stream`, as the table's stream (through the mapping's filter) would hand it on.
 */
export class InMemoryTokenStore implements TokenStore, ResetQueue {
  readonly items = new Map<string, ResetTokenRecord>();
  /** The queued emails, in the order they were queued. */
  readonly stream: { customerId: string; nonce: string; kind: OutboxKind }[] = [];

  /** `limiter` holds the counts a queued reset makes; refused counts are taken back, as the transaction cancels them. */
  constructor(private readonly limiter: RateLimiter = new InMemoryRateLimiter()) {}

  queueReset = jest.fn(async (record: ResetTokenRecord, charges: readonly RateLimitCharge[], nowMs: number): Promise<QueueResetResult> => {
    const hits = await Promise.all(charges.map(({ key, limit, windowSeconds }) => this.limiter.hit(key, limit, windowSeconds, nowMs)));
    const refused = hits.filter((hit) => !hit.allowed);
    if (refused.length > 0) {
      await this.limiter.refund(hits);
      return { queued: false, retryAfterSeconds: Math.max(...refused.map((hit) => hit.retryAfterSeconds)) };
    }
    this.items.set(record.customerId, { ...record, outbox: 'reset-password' });
    this.stream.push({ customerId: record.customerId, nonce: record.nonce, kind: 'reset-password' });
    return { queued: true };
  });

  findResetToken = jest.fn(async (customerId: string) => this.items.get(customerId));

  consumeResetToken = jest.fn(async (customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string, language: RequestedLanguage): Promise<ConsumeResult> => {
    const record = this.items.get(customerId);
    if (!record || record.tokenHash !== tokenHash || record.keyVersion !== keyVersion || record.usedAt !== undefined || record.expiresAt <= nowSeconds) {
      return { consumed: false, record };
    }
    const used: ResetTokenRecord = { ...record, usedAt: nowSeconds, outbox: 'password-changed', noticeLanguage: language };
    this.items.set(customerId, used);
    this.stream.push({ customerId, nonce: record.nonce, kind: 'password-changed' });
    return { consumed: true, record: used };
  });

  markEmailHandled = jest.fn(async (customerId: string, nonce: string, kind: OutboxKind, nowSeconds: number, expiresAt?: number) => {
    const record = this.items.get(customerId);
    if (!record || record.nonce !== nonce || record.outbox !== kind) return false;
    const { outbox: _handled, ...rest } = record;
    this.items.set(customerId, { ...rest, handledAt: nowSeconds, ...(expiresAt === undefined ? {} : { expiresAt }) });
    return true;
  });

  revokeResetTokens = jest.fn(async (customerId: string, keyVersion: string, nowSeconds: number): Promise<number> => {
    const record = this.items.get(customerId);
    if (!record || record.keyVersion !== keyVersion || record.usedAt !== undefined || record.expiresAt <= nowSeconds) return 0;
    this.items.delete(customerId);
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
      const count = this.counts.get(receipt) ?? 0;
      if (count >= share) return { key, allowed: false, retryAfterSeconds: secondsUntil(endMs, nowMs) };
      this.counts.set(receipt, count + 1);
      return { key, allowed: true, retryAfterSeconds: 0, receipt };
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

/** The sender's timer (the delay queue) in memory: what was handed back for later, and when it is due. */
export class RecordingTimer implements SendTimer {
  readonly pending: { readonly queued: QueuedEmail; readonly dueMs: number }[] = [];
  constructor(private readonly clock: Clock) {}

  sendLater = jest.fn(async (queued: QueuedEmail, delaySeconds: number) => {
    this.pending.push({ queued, dueMs: this.clock.now() + delaySeconds * 1000 });
  });

  /** Takes out the earliest timer due by `untilMs`, if any. */
  takeDue(untilMs: number): { readonly queued: QueuedEmail; readonly dueMs: number } | undefined {
    this.pending.sort((a, b) => a.dueMs - b.dueMs);
    return this.pending[0] && this.pending[0].dueMs <= untilMs ? this.pending.shift() : undefined;
  }
}

/** The unit tests' customer-id key (a test value, not a secret). */
const CUSTOMER_ID_KEY = 'unit-tests-customer-id-key-not-a-secret';

/** Customer ids as the unit tests' service makes them, under a test key. */
export const customerIdOf = customerIdsUnder(CUSTOMER_ID_KEY);

/** Link tokens as the unit tests' service makes them, under the same key. */
export const linkTokenOf = linkTokensUnder(CUSTOMER_ID_KEY);

/** A caller with no Accept-Language, from one IP. */
export const anyone = { acceptLanguage: undefined, sourceIp: '203.0.113.7' };

/**
 * Everything the request path and the sender need, as fakes sharing one store: dev brands, an empty
 * store and inbox, a clock at `epochMs`, an unlimited directory (every address a customer).
 */
export function resetDeps(epochMs: number, overrides: Partial<Pick<RequestPasswordResetDeps & SendQueuedEmailDeps, 'brands' | 'directoryFor'>> = {}) {
  const clock = movableClock(epochMs);
  const rateLimiter = new InMemoryRateLimiter();
  const tokens = new InMemoryTokenStore(rateLimiter);
  const fakes = {
    brands: devBrands,
    tokens,
    queue: tokens,
    mailer: new RecordingMailer(),
    clock,
    timer: new RecordingTimer(clock),
    randomBytes: countingRandomBytes(),
    customerIdOf,
    linkTokenOf,
    rateLimiter,
    directoryFor: (): CustomerDirectory | undefined => undefined,
    keyVersion: KEY_VERSION,
  };
  return { ...fakes, ...overrides };
}

/**
 * Runs the sender over every email queued since the last call, in order, as the stream would; a
 * send that throws stays queued (the stream would retry it) and the error goes on.
 */
export async function deliverQueued(deps: SendQueuedEmailDeps & { readonly tokens: InMemoryTokenStore }): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  while (deps.tokens.stream.length) {
    outcomes.push(await sendQueuedEmail(deps.tokens.stream[0]!, deps));
    deps.tokens.stream.shift();
  }
  return outcomes;
}

/**
 * {@link deliverQueued}, then every email the sender's schedule held back, each when its timer is
 * due (the clock moves on to it), until none is left: what the customer's inbox holds in the end.
 */
export async function deliverAll(deps: SendQueuedEmailDeps & { readonly tokens: InMemoryTokenStore; readonly timer: RecordingTimer; readonly clock: ReturnType<typeof movableClock> }): Promise<SendOutcome[]> {
  const outcomes = await deliverQueued(deps);
  for (let due = deps.timer.takeDue(Infinity); due; due = deps.timer.takeDue(Infinity)) {
    deps.clock.advance(Math.max(0, due.dueMs - deps.clock.now()) / 1000);
    outcomes.push(await sendQueuedEmail(due.queued, deps));
  }
  return outcomes;
}
