import type { BrandCatalog } from '../config';
import { chooseLocale } from '../email/locale';
import { formatUtc, renderEmail } from '../email/render';
import type { Clock, CustomerDirectory, Mailer, RandomBytes, RateLimiter, TokenStore } from '../ports';
import { imitateSend, recordSend, type RecentSends } from './equal-work';
import { enforceRateLimits } from './rate-limits';
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
  /** How sends have lately gone here, so a stranger's request can go alike (see equal-work.ts). */
  readonly recentSends: RecentSends;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

/** A decoy lives a minute: long enough to cost the same write, short enough to leave no clutter. */
const DECOY_TTL_SECONDS = 60;

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
 * Validates the request, applies the rate limits, stores a fresh token's hash (replacing the
 * customer's previous one, so only the newest link works) and emails the brand's reset link.
 * Invalid or over-limit requests throw before any token is written or email sent. An address the
 * brand's directory does not know gets no link, and the caller gets the same answer as a customer
 * would have lately, success or outage, after the same work. If storing or sending fails, the
 * request's rate-limit counts are taken back: our failure must not make the customer wait.
 */
export async function requestPasswordReset(dto: RequestDto, requester: ResetRequester, deps: RequestPasswordResetDeps): Promise<ResetOutcome> {
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = deps.customerIdOf(brand.key, email);
  const createdAt = Math.floor(deps.clock.now() / 1000);
  const hits = await enforceRateLimits(deps.rateLimiter, brand.rateLimits, { customer: customerId, ip: requester.sourceIp }, createdAt);
  const locale = chooseLocale(brand, dto.Locale, requester.acceptLanguage);
  const from = { name: brand.senderName, address: brand.senderAddress };

  try {
    const directory = deps.directoryFor(brand.key);
    const known = !directory || (await directory.isCustomer(brand.key, email));
    // A stranger costs the same work as a customer: a token and a write (a decoy under a random
    // key, with no address, that nobody can redeem), the email rendered, and a send's time and end.
    const keyId = known ? customerId : deps.randomBytes(16).toString('base64url');
    const { token, tokenHash } = issueToken(keyId, deps.randomBytes);
    const expiresAt = createdAt + (known ? brand.tokenTtlSeconds : DECOY_TTL_SECONDS);
    await deps.tokens.saveResetToken({ customerId: keyId, brand: brand.name, email: known ? email : '', tokenHash, locale, createdAt, expiresAt });
    const rendered = renderEmail(brand, locale, 'reset-password', {
      link: resetLink(brand.resetUrl, token),
      expiresInMinutes: String(Math.round(brand.tokenTtlSeconds / 60)),
      expiresAt: formatUtc(new Date((createdAt + brand.tokenTtlSeconds) * 1000)),
    });

    if (!known) {
      if (brand.unknownAccountNotice) await deps.mailer.sendEmail({ from, to: email, ...renderEmail(brand, locale, 'no-account', {}) });
      else await imitateSend(deps.recentSends, deps.sleep);
      return { brand: brand.name, email, result: 'unknown' };
    }

    const result = await recordSend(deps.recentSends, () => deps.mailer.sendEmail({ from, to: email, ...rendered }));
    return { brand: brand.name, email, result };
  } catch (error) {
    await deps.rateLimiter.refund(hits);
    throw error;
  }
}
