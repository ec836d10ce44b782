import { TokenError } from '../errors';
import { maskEmail } from '../observability';
import type { Clock, TokenReader } from '../ports';
import type { RequestDto } from '../wire/operations';
import { readToken } from './read-token';
import { tokenStateOf } from './token';

export interface VerifyResetTokenDeps {
  readonly tokens: TokenReader;
  readonly clock: Clock;
  /** The customer-id key's current version (CUSTOMER_ID_KEY_VERSION): links of earlier keys are void. */
  readonly keyVersion: string;
}

export interface VerifiedToken {
  readonly brand: string;
  readonly maskedEmail: string;
  /** ISO 8601, UTC. */
  readonly expiresAt: string;
}

/**
 * Tells the portal whether a link is live, without using it up: page loads, link scanners and mail
 * previews can call this as often as they like and the customer's link still works.
 */
export async function verifyResetToken(dto: RequestDto, deps: VerifyResetTokenDeps): Promise<VerifiedToken> {
  const { customerId, tokenHash } = readToken(dto);
  const record = await deps.tokens.findResetToken(customerId);
  const state = tokenStateOf(record, tokenHash, Math.floor(deps.clock.now() / 1000), deps.keyVersion);
  if (state !== 'live') throw new TokenError(state);
  // tokenStateOf reads a missing record as TokenNotFound: a live token has one.
  const live = record!;
  return { brand: live.brand, maskedEmail: maskEmail(live.email), expiresAt: new Date(live.expiresAt * 1000).toISOString() };
}
