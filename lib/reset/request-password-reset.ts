import type { BrandCatalog } from '../config';
import { chooseLocale } from '../email/locale';
import { composeEmail } from '../email/render';
import { TooManyRequestsError } from '../errors';
import type { Clock, CustomerDirectory, Lease, Mailer, RandomBytes, RateLimiter, ResetTokenRecord, TokenStore } from '../ports';
import { drawResponseTime, imitateSend, recordSend, type RecentSends, type ResponseTime } from './equal-work';
import { domainOf, mailboxOf } from './mailbox';
import { enforceRateLimits, secondsUntil } from './rate-limits';
import type { RequestDto } from '../wire/operations';
import { issueToken, type CustomerIdOf } from './token';
import { validateResetRequest } from './validate-reset-request';

export interface RequestPasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
  readonly customerIdOf: CustomerIdOf;
  readonly rateLimiter: RateLimiter;
  /** Per brand: `undefined` means every address is a customer (the old service's behaviour). */
  readonly directoryFor: (brandKey: string) => CustomerDirectory | undefined;
  /** How sends have lately ended here, so a stranger's request can end alike (see equal-work.ts). */
  readonly recentSends: RecentSends;
  /** The range every request's answer time is drawn from (RESET_RESPONSE_TIME_MS). */
  readonly responseTime: ResponseTime;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** The customer-id key's version (CUSTOMER_ID_KEY_VERSION), stamped on every record. */
  readonly keyVersion: string;
}

/**
 * How long a request may hold its mailbox: longer than the render and send it covers (the SES
 * client gives up within about 4.6 s), so it lapses only for a request that died holding it.
 */
const LEASE_MS = 10_000;

/** How long a request waits for another request of the same mailbox to finish before a 429. */
export const LEASE_WAIT_MS = 5_000;

/** The first wait between tries for a held lease; each later wait doubles, up to 250 ms. */
const LEASE_POLL_MS = 20;

/**
 * Recipient domains get ids like customers' (an HMAC under the same key, so the table does not name
 * them), in a space of their own: no brand key starts with `@`.
 */
const DOMAIN_ID_SPACE = '@domain';

/** What the edge may log about a handled request: never the token or the full address. */
export interface ResetOutcome {
  readonly brand: string;
  readonly email: string;
  /**
   * `sent`: a reset link went out; `rejected`: SES refused it for good (the caller is not told, as
   * that would reveal an account); `unknown`: no account, so nothing or a "no account" note.
   */
  readonly result: 'sent' | 'rejected' | 'unknown';
}

/**
 * The brand's page with the token as its `token` parameter; the base never comes from the request.
 * Plain concatenation is exact here: the base is a checked URL without fragment or token parameter,
 * and tokens are base64url and a dot, which need no escaping.
 */
export function resetLink(resetUrl: string, token: string): string {
  return `${resetUrl}${resetUrl.includes('?') ? '&' : '?'}token=${token}`;
}

/** What the edge knows of the caller. */
export interface ResetRequester {
  readonly acceptLanguage: string | undefined;
  readonly sourceIp: string | undefined;
}

/**
 * Takes the mailbox's lease, writing `record` with it (see TokenStore.claimResetToken). While another
 * request of the same mailbox holds it, waits and tries again, so requests for one mailbox write and
 * send one after another and the newest email always carries the live link. After LEASE_WAIT_MS:
 * {@link TooManyRequestsError} with the time the holder's lease has left.
 */
async function claimMailbox(deps: RequestPasswordResetDeps, customerId: string, record: ResetTokenRecord | undefined): Promise<Lease> {
  const id = deps.randomBytes(12).toString('base64url');
  const deadline = deps.clock.now() + LEASE_WAIT_MS;
  for (let wait = LEASE_POLL_MS; ; wait = Math.min(wait * 2, 250)) {
    const nowMs = deps.clock.now();
    const lease = { id, untilMs: nowMs + LEASE_MS };
    const result = await deps.tokens.claimResetToken(customerId, record, lease, nowMs);
    if (result.claimed) return lease;
    if (nowMs >= deadline) throw new TooManyRequestsError(secondsUntil(result.heldUntilMs, nowMs));
    await deps.sleep(Math.min(wait, deadline - nowMs));
  }
}

/**
 * Validates the request, applies the rate limits (per customer mailbox, client IP, recipient domain
 * and stage), then, holding the mailbox's lease, stores a fresh token's hash (replacing the mailbox's
 * previous one, so only the newest link works) and emails the brand's reset link to the address
 * typed. Invalid or over-limit requests throw before any token is written or email sent. An address
 * the brand's directory does not know gets no link, and the caller gets the same answer as a customer
 * would have lately, success or outage, after the same work (the lease included, without ending any
 * link). Past the rate limits, every request, customer's or stranger's, answers (or throws) no
 * earlier than a time drawn from `responseTime` after it started, so only a send slower than that
 * shows in its timing. If storing or sending fails, the request's rate-limit counts are taken back:
 * our failure must not make the customer wait.
 */
export async function requestPasswordReset(dto: RequestDto, requester: ResetRequester, deps: RequestPasswordResetDeps): Promise<ResetOutcome> {
  const startedMs = deps.clock.now();
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = deps.customerIdOf(brand.key, mailboxOf(email));
  const createdAt = Math.floor(startedMs / 1000);
  const ids = { customer: customerId, ip: requester.sourceIp, domain: deps.customerIdOf(DOMAIN_ID_SPACE, domainOf(email)) };
  const hits = await enforceRateLimits(deps.rateLimiter, brand.rateLimits, ids, startedMs);
  const locale = chooseLocale(brand, dto.Locale, requester.acceptLanguage);

  let lease: Lease | undefined;
  try {
    const directory = deps.directoryFor(brand.key);
    const known = !directory || (await directory.isCustomer(brand.key, email));
    // A stranger costs the same work as a customer: a token, the mailbox's lease in the same kind of
    // write (without the token, so it ends no link), the email rendered, and a send's time and end.
    const { token, tokenHash } = issueToken(customerId, deps.randomBytes);
    const expiresAt = createdAt + brand.tokenTtlSeconds;
    const record = known ? { customerId, brand: brand.name, email, tokenHash, locale, createdAt, expiresAt, keyVersion: deps.keyVersion } : undefined;
    lease = await claimMailbox(deps, customerId, record);
    const link = resetLink(brand.resetUrl, token);
    const message = composeEmail(brand, locale, email, { kind: 'reset-password', link, expiresAt, lifetimeSeconds: brand.tokenTtlSeconds });

    if (!known) {
      if (brand.unknownAccountNotice) await deps.mailer.sendEmail(composeEmail(brand, locale, email, { kind: 'no-account' }));
      else imitateSend(deps.recentSends);
      return { brand: brand.name, email, result: 'unknown' };
    }

    const result = await recordSend(deps.recentSends, () => deps.mailer.sendEmail(message));
    return { brand: brand.name, email, result };
  } catch (error) {
    await deps.rateLimiter.refund(hits);
    throw error;
  } finally {
    // After the email has left (or failed): the next request of this mailbox may write and send.
    if (lease) await deps.tokens.releaseResetToken(customerId, lease);
    // Whatever the address and however it ended: the time drawn, not the work done, sets the answer's.
    const waitMs = startedMs + drawResponseTime(deps.responseTime, deps.randomBytes) - deps.clock.now();
    if (waitMs > 0) await deps.sleep(waitMs);
  }
}
