import type { BrandCatalog } from '../config';
import { renderResetEmail } from '../email/render';
import type { Clock, Mailer, RandomBytes, TokenStore } from '../ports';
import type { RequestDto } from '../wire/operations';
import { customerIdOf, issueToken } from './token';
import { validateResetRequest } from './validate-reset-request';

export interface RequestPasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
}

/** What the edge may log about a handled request: never the token or the full address. */
export interface ResetOutcome {
  readonly brand: string;
  readonly email: string;
}

/** The brand's page with the token as its `token` parameter; the base never comes from the request. */
export function resetLink(resetUrl: string, token: string): string {
  const url = new URL(resetUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Validates the request, stores a fresh token's hash (replacing the customer's previous one, so only
 * the newest link works) and emails the brand's reset link. Invalid input throws before anything is
 * written or sent.
 */
export async function requestPasswordReset(dto: RequestDto, deps: RequestPasswordResetDeps): Promise<ResetOutcome> {
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = customerIdOf(brand.key, email);
  const { token, tokenHash } = issueToken(customerId, deps.randomBytes);
  const createdAt = Math.floor(deps.clock.now() / 1000);
  const expiresAt = createdAt + brand.tokenTtlSeconds;

  await deps.tokens.saveResetToken({ customerId, brand: brand.name, email, tokenHash, createdAt, expiresAt });

  const rendered = renderResetEmail({
    brandName: brand.name,
    link: resetLink(brand.resetUrl, token),
    expiresAt: new Date(expiresAt * 1000),
    lifetimeSeconds: brand.tokenTtlSeconds,
  });
  await deps.mailer.sendEmail({ from: { name: brand.senderName, address: brand.senderAddress }, to: email, ...rendered });
  return { brand: brand.name, email };
}
