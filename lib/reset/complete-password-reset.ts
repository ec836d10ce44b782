import type { BrandCatalog } from '../config';
import { TokenError } from '../errors';
import { logger } from '../observability';
import type { Clock, TokenStore } from '../ports';
import type { RequestDto } from '../wire/operations';
import { readToken } from './read-token';
import { tokenStateOf } from './token';

export interface CompletePasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly clock: Clock;
  /** The customer-id key's current version (CUSTOMER_ID_KEY_VERSION): links of earlier keys are void. */
  readonly keyVersion: string;
}

export interface CompletedReset {
  readonly brand: string;
  readonly email: string;
}

/**
 * Redeems a link exactly once (one conditional write: of many concurrent calls one wins, the rest get
 * `TokenUsed`) and tells the winner whose password to set. The same write queues the "password
 * changed" notice on the item, with the language this request asks for (`Locale`, else
 * `acceptLanguage`, else the reset's own), which the sender on the table's stream mails
 * (send-queued-email.ts): the link is used up whether or not SES is up, and the notice goes out when it is.
 */
export async function completePasswordReset(dto: RequestDto, acceptLanguage: string | undefined, deps: CompletePasswordResetDeps): Promise<CompletedReset> {
  const { customerId, tokenHash } = readToken(dto);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const result = await deps.tokens.consumeResetToken(customerId, tokenHash, nowSeconds, deps.keyVersion, { locale: dto.Locale, acceptLanguage });
  if (!result.consumed) {
    const state = tokenStateOf(result.record, tokenHash, nowSeconds, deps.keyVersion);
    // The write lost to another redeemer between its condition and our read: that one used it.
    throw new TokenError(state === 'live' ? 'TokenUsed' : state);
  }
  const { record } = result;
  const brand = deps.brands.findBrand(record.brand);
  if (!brand) {
    logger.warn('token of a brand no longer configured', { brand: record.brand });
    throw new TokenError('TokenNotFound');
  }
  return { brand: brand.name, email: record.email };
}
