import { chooseLocale } from '../email/locale';
import { composeEmail } from '../email/render';
import type { Brand, BrandCatalog } from '../config';
import type { Clock, CustomerDirectory, Mailer, OutboxKind, OutboxMarker, QueuedEmail, RateLimiter, ResetTokenRecord, SendTimer } from '../ports';
import { domainOf } from './mailbox';
import { countRateLimits, DOMAIN_ID_SPACE, REFUSING_SCOPES, type RateLimitCount } from './rate-limits';
import type { CustomerIdOf, LinkTokenOf } from './token';

export interface SendQueuedEmailDeps {
  readonly brands: BrandCatalog;
  readonly tokens: OutboxMarker;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly linkTokenOf: LinkTokenOf;
  /** Per brand: `undefined` means every address is a customer (the old service's behaviour). */
  readonly directoryFor: (brandKey: string) => CustomerDirectory | undefined;
  /** The customer-id key's current version: an item of another makes no working link, so it is not mailed. */
  readonly keyVersion: string;
  /** Counts the sends against the mailbox, domain and stage limits: the schedule. */
  readonly rateLimiter: RateLimiter;
  /** Hands back an email the schedule holds back, when it may go. */
  readonly timer: SendTimer;
  /** Ids of recipient domains for their limits (the same key as customers', rate-limits.ts DOMAIN_ID_SPACE). */
  readonly customerIdOf: CustomerIdOf;
}

export type { QueuedEmail };

/**
 * How a queued email ended, for the logs and metrics (never per item in the table): `sent`; `rejected`
 * (SES refused it for good); `no-account` (the "no account" note went to an unknown address);
 * `unknown` (an unknown address, nothing sent); `superseded` (a newer request replaced the item, or
 * this one was handled already: a redelivery); `delayed` (the schedule holds it back: a timer hands
 * it back when it may go); `expired` (the reset came too late to be worth a link, or the schedule
 * cannot let it out before then: given up, counted and alarmed, never silently dropped).
 */
export type SendResult = 'sent' | 'rejected' | 'no-account' | 'unknown' | 'superseded' | 'delayed' | 'expired';

/** What the sender may log of an email: never the token, the link or the full address. */
export interface SendOutcome {
  readonly result: SendResult;
  readonly kind: OutboxKind;
  readonly brand?: string;
  /** The normalised address, for the caller to mask. */
  readonly email?: string;
}

/**
 * The brand's page with the token as its `token` parameter; the base never comes from a request.
 * Plain concatenation is exact here: the base is a checked URL without fragment or token parameter,
 * and tokens are base64url and a dot, which need no escaping.
 */
export function resetLink(resetUrl: string, token: string): string {
  return `${resetUrl}${resetUrl.includes('?') ? '&' : '?'}token=${token}`;
}

/** The message a live item asks for, or none (an unknown address whose brand sends no note). */
async function messageFor(item: ResetTokenRecord, kind: OutboxKind, nowSeconds: number, deps: SendQueuedEmailDeps) {
  const brand = deps.brands.findBrand(item.brand);
  if (!brand) return { result: 'unknown' as const, brand: undefined, message: undefined };
  // The reset's language, as its request asked; the notice's unless its own request asked otherwise.
  const locale = chooseLocale(brand, item.language.locale, item.language.acceptLanguage);
  if (kind === 'password-changed') {
    const noticeLocale = chooseLocale(brand, item.noticeLanguage?.locale, item.noticeLanguage?.acceptLanguage, locale);
    return { result: 'sent' as const, brand, message: composeEmail(brand, noticeLocale, item.email, { kind, usedAt: item.usedAt ?? nowSeconds }) };
  }
  const directory = deps.directoryFor(brand.key);
  if (directory && !(await directory.isCustomer(brand.key, item.email))) {
    const message = brand.unknownAccountNotice ? composeEmail(brand, locale, item.email, { kind: 'no-account' }) : undefined;
    return { result: message ? ('no-account' as const) : ('unknown' as const), brand, message };
  }
  const link = resetLink(brand.resetUrl, deps.linkTokenOf(item.customerId, item.nonce));
  const expiresAt = nowSeconds + brand.tokenTtlSeconds;
  return { result: 'sent' as const, brand, message: composeEmail(brand, locale, item.email, { kind, link, expiresAt, lifetimeSeconds: brand.tokenTtlSeconds }) };
}

/**
 * Counts a send against the brand's mailbox, domain and stage limits (every rule but the client's,
 * which only the request path counts): the schedule an email waits for, never a refusal.
 */
function countSend(item: ResetTokenRecord, brand: Brand, nowMs: number, deps: SendQueuedEmailDeps): Promise<RateLimitCount> {
  const rules = brand.rateLimits.filter((rule) => !REFUSING_SCOPES.has(rule.scope));
  const ids = { customer: item.customerId, domain: deps.customerIdOf(DOMAIN_ID_SPACE, domainOf(item.email)) };
  return countRateLimits(deps.rateLimiter, rules, ids, nowMs);
}

/**
 * Sends the email one stream record (or the schedule's timer) queued, at most once per request
 * however often the record comes:
 * 1. reads the item consistently; if it no longer holds this request (a newer request replaced it, so
 *    this link is dead and the newer one's email is on its way) or no longer waits for this email (a
 *    redelivery of one handled already), sends nothing: every email sent carries a live link; a reset
 *    still unsent at the item's `expiresAt` (its request's time plus the brand's lifetime) is given up;
 * 2. decides what to send: for a reset, the link if the brand's directory knows the address (else
 *    the "no account" note where the brand asks for it, else nothing); for a redeemed link, the
 *    "password changed" notice;
 * 3. for a reset's link or note, asks the schedule (the brand's `customer`, `domain` and `global`
 *    limits, counted only for emails that go out: an unknown address without a note spends nothing).
 *    Not yet: sets a timer for when it may go and ends (`delayed`); the timer brings the same request
 *    back here, and a request made meanwhile replaces the item, so what goes out then is the newest
 *    link: requests inside a mailbox's cooldown fold into its next email. If that time is past the
 *    latest the request may still be mailed (the item's `expiresAt` before its send), it is given up
 *    as `expired` and the item marked, as in 1; "password changed" notices are never held back;
 * 4. sends it through the mailer: a passing failure (SES throttled, paused, down, or not answering)
 *    throws, so the stream hands the record back later (serverless.yml: retries, bisect, record age,
 *    and the on-failure queue for what never went out in time); SES refusing the message for good
 *    is `rejected` and is not retried;
 * 5. marks the item handled in one conditional write, the same write whoever the address belongs to,
 *    and for a reset starts the link's lifetime there: it lives a brand's token lifetime from its send.
 *
 * A crash or a failed mark between 4 and 5 sends that email again on the retry: the one duplicate
 * left (docs/security.md). A newer request landing between 1 and 4 leaves one email with a link
 * that has just been replaced, milliseconds wide; the newer email follows.
 *
 * @throws whatever the mailer, the table or the timer threw, for the stream (or the timer's queue) to
 * retry; a send that failed takes its schedule counts back first, so the retry is not held back.
 */
export async function sendQueuedEmail(queued: QueuedEmail, deps: SendQueuedEmailDeps): Promise<SendOutcome> {
  const item = await deps.tokens.findResetToken(queued.customerId);
  const live = item?.nonce === queued.nonce && item.outbox === queued.kind && (queued.kind === 'password-changed' || item.keyVersion === deps.keyVersion);
  if (!item || !live) return { result: 'superseded', kind: queued.kind };

  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  if (queued.kind === 'reset-password' && item.expiresAt <= nowSeconds) {
    // Past the latest it may go out (a redrive long after an outage, say): the customer has asked
    // again or given up; a link now would surprise more than help.
    await deps.tokens.markEmailHandled(queued.customerId, queued.nonce, queued.kind, nowSeconds);
    return { result: 'expired', kind: queued.kind, brand: item.brand, email: item.email };
  }
  const { result, brand, message } = await messageFor(item, queued.kind, nowSeconds, deps);
  const count = message && brand && queued.kind === 'reset-password' ? await countSend(item, brand, nowMs, deps) : undefined;
  if (count && !count.allowed) {
    const outcome = { kind: queued.kind, brand: item.brand, email: item.email };
    if (nowSeconds + count.retryAfterSeconds < item.expiresAt) {
      await deps.timer.sendLater(queued, count.retryAfterSeconds);
      return { result: 'delayed', ...outcome };
    }
    await deps.tokens.markEmailHandled(queued.customerId, queued.nonce, queued.kind, nowSeconds);
    return { result: 'expired', ...outcome };
  }
  let sent: 'sent' | 'rejected' | undefined;
  try {
    sent = message ? await deps.mailer.sendEmail(message) : undefined;
  } catch (error) {
    if (count?.allowed) await deps.rateLimiter.refund(count.hits);
    throw error;
  }
  const expiresAt = queued.kind === 'reset-password' && brand ? nowSeconds + brand.tokenTtlSeconds : undefined;
  await deps.tokens.markEmailHandled(queued.customerId, queued.nonce, queued.kind, nowSeconds, expiresAt);
  return { result: sent === 'rejected' ? 'rejected' : result, kind: queued.kind, brand: item.brand, email: item.email };
}
