import type { BrandCatalog } from '../config';
import { chooseLocale } from '../email/locale';
import { composeEmail } from '../email/render';
import type { Clock, CustomerDirectory, Mailer, OutboxKind, ResetTokenRecord, TokenStore } from '../ports';
import type { LinkTokenOf } from './token';

export interface SendQueuedEmailDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly linkTokenOf: LinkTokenOf;
  /** Per brand: `undefined` means every address is a customer (the old service's behaviour). */
  readonly directoryFor: (brandKey: string) => CustomerDirectory | undefined;
  /** The customer-id key's current version: an item of another makes no working link, so it is not mailed. */
  readonly keyVersion: string;
}

/** The email the stream says was queued: which item, which request (its nonce) and what to send. */
export interface QueuedEmail {
  readonly customerId: string;
  readonly nonce: string;
  readonly kind: OutboxKind;
}

/**
 * How a queued email ended, for the logs and metrics (never per item in the table): `sent`; `rejected`
 * (SES refused it for good); `no-account` (the "no account" note went to an unknown address);
 * `unknown` (an unknown address, nothing sent); `superseded` (a newer request replaced the item, or
 * this one was handled already: a redelivery); `expired` (the reset came too late to be worth a link:
 * given up, and counted).
 */
export type SendResult = 'sent' | 'rejected' | 'no-account' | 'unknown' | 'superseded' | 'expired';

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
  if (kind === 'password-changed') {
    const locale = chooseLocale(brand, item.noticeLanguage?.locale, item.noticeLanguage?.acceptLanguage, item.locale);
    return { result: 'sent' as const, brand, message: composeEmail(brand, locale, item.email, { kind, usedAt: item.usedAt ?? nowSeconds }) };
  }
  const directory = deps.directoryFor(brand.key);
  if (directory && !(await directory.isCustomer(brand.key, item.email))) {
    const message = brand.unknownAccountNotice ? composeEmail(brand, item.locale, item.email, { kind: 'no-account' }) : undefined;
    return { result: message ? ('no-account' as const) : ('unknown' as const), brand, message };
  }
  const link = resetLink(brand.resetUrl, deps.linkTokenOf(item.customerId, item.nonce));
  const expiresAt = nowSeconds + brand.tokenTtlSeconds;
  return { result: 'sent' as const, brand, message: composeEmail(brand, item.locale, item.email, { kind, link, expiresAt, lifetimeSeconds: brand.tokenTtlSeconds }) };
}

/**
 * Sends the email one stream record queued, at most once per request however often the record comes:
 * 1. reads the item consistently; if it no longer holds this request (a newer request replaced it, so
 *    this link is dead and the newer one's email is on its way) or no longer waits for this email (a
 *    redelivery of one handled already), sends nothing: every email sent carries a live link; a reset
 *    still unsent at the item's `expiresAt` (its request's time plus the brand's lifetime) is given up;
 * 2. decides what to send: for a reset, the link if the brand's directory knows the address (else
 *    the "no account" note where the brand asks for it, else nothing); for a redeemed link, the
 *    "password changed" notice;
 * 3. sends it through the mailer: a passing failure (SES throttled, paused, down, or not answering)
 *    throws, so the stream hands the record back later (serverless.yml: retries, bisect, record age,
 *    and the on-failure queue for what never went out in time); SES refusing the message for good
 *    is `rejected` and is not retried;
 * 4. marks the item handled in one conditional write, the same write whoever the address belongs to,
 *    and for a reset starts the link's lifetime there: it lives a brand's token lifetime from its send.
 *
 * A crash or a failed mark between 3 and 4 sends that email again on the retry: the one duplicate
 * left (docs/security.md). A newer request landing between 1 and 3 leaves one email with a link
 * that has just been replaced, milliseconds wide; the newer email follows.
 *
 * @throws whatever the mailer or the table threw, for the stream to retry.
 */
export async function sendQueuedEmail(queued: QueuedEmail, deps: SendQueuedEmailDeps): Promise<SendOutcome> {
  const item = await deps.tokens.findResetToken(queued.customerId);
  const live = item?.nonce === queued.nonce && item.outbox === queued.kind && (queued.kind === 'password-changed' || item.keyVersion === deps.keyVersion);
  if (!item || !live) return { result: 'superseded', kind: queued.kind };

  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  if (queued.kind === 'reset-password' && item.expiresAt <= nowSeconds) {
    // Past the latest it may go out (a redrive long after an outage, say): the customer has asked
    // again or given up; a link now would surprise more than help.
    await deps.tokens.markEmailHandled(queued.customerId, queued.nonce, queued.kind, nowSeconds);
    return { result: 'expired', kind: queued.kind, brand: item.brand, email: item.email };
  }
  const { result, brand, message } = await messageFor(item, queued.kind, nowSeconds, deps);
  const sent = message ? await deps.mailer.sendEmail(message) : undefined;
  const expiresAt = queued.kind === 'reset-password' && brand ? nowSeconds + brand.tokenTtlSeconds : undefined;
  await deps.tokens.markEmailHandled(queued.customerId, queued.nonce, queued.kind, nowSeconds, expiresAt);
  return { result: sent === 'rejected' ? 'rejected' : result, kind: queued.kind, brand: item.brand, email: item.email };
}
