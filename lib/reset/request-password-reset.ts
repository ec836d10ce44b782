import type { BrandCatalog } from '../config';
import { chooseLocale } from '../email/locale';
import { formatUtc, renderEmail } from '../email/render';
import type { Clock, CustomerDirectory, Mailer, RandomBytes, RateLimiter, TokenStore } from '../ports';
import { enforceRateLimits } from './rate-limits';
import type { RequestDto } from '../wire/operations';
import { customerIdOf, issueToken } from './token';
import { validateResetRequest } from './validate-reset-request';

export interface RequestPasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
  readonly rateLimiter: RateLimiter;
  /** Per brand: `undefined` means every address is a customer (the old service's behaviour). */
  readonly directoryFor: (brandKey: string) => CustomerDirectory | undefined;
}

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

/** The brand's page with the token as its `token` parameter; the base never comes from the request. */
export function resetLink(resetUrl: string, token: string): string {
  const url = new URL(resetUrl);
  url.searchParams.set('token', token);
  return url.toString();
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
 * brand's directory does not know gets no link, and the caller gets the same answer as for a
 * customer. If storing or sending fails, the request's rate-limit counts are taken back: our failure
 * must not make the customer wait.
 */
export async function requestPasswordReset(dto: RequestDto, requester: ResetRequester, deps: RequestPasswordResetDeps): Promise<ResetOutcome> {
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = customerIdOf(brand.key, email);
  const createdAt = Math.floor(deps.clock.now() / 1000);
  const hits = await enforceRateLimits(deps.rateLimiter, brand.rateLimits, { customer: customerId, ip: requester.sourceIp }, createdAt);
  const locale = chooseLocale(brand, dto.Locale, requester.acceptLanguage);
  const from = { name: brand.senderName, address: brand.senderAddress };

  try {
    const directory = deps.directoryFor(brand.key);
    if (directory && !(await directory.isCustomer(brand.key, email))) {
      if (brand.unknownAccountNotice) await deps.mailer.sendEmail({ from, to: email, ...renderEmail(brand, locale, 'no-account', {}) });
      return { brand: brand.name, email, result: 'unknown' };
    }

    const { token, tokenHash } = issueToken(customerId, deps.randomBytes);
    const expiresAt = createdAt + brand.tokenTtlSeconds;
    await deps.tokens.saveResetToken({ customerId, brand: brand.name, email, tokenHash, locale, createdAt, expiresAt });

    const rendered = renderEmail(brand, locale, 'reset-password', {
      link: resetLink(brand.resetUrl, token),
      expiresInMinutes: String(Math.round(brand.tokenTtlSeconds / 60)),
      expiresAt: formatUtc(new Date(expiresAt * 1000)),
    });
    const result = await deps.mailer.sendEmail({ from, to: email, ...rendered });
    return { brand: brand.name, email, result };
  } catch (error) {
    await deps.rateLimiter.refund(hits);
    throw error;
  }
}
