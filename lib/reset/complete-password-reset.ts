import type { BrandCatalog } from '../config';
import { chooseLocale } from '../email/locale';
import { composeEmail } from '../email/render';
import { TokenError } from '../errors';
import { describeError, logger } from '../observability';
import type { Clock, Mailer, TokenStore } from '../ports';
import type { RequestDto } from '../wire/operations';
import { readToken } from './read-token';
import { tokenStateOf } from './token';

export interface CompletePasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenStore;
  readonly mailer: Mailer;
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
 * `TokenUsed`) and tells the winner whose password to set. The customer is then told by email that
 * the link was used to choose a new password; that notice is best effort, since the link is used up
 * whether or not it goes out.
 */
export async function completePasswordReset(dto: RequestDto, acceptLanguage: string | undefined, deps: CompletePasswordResetDeps): Promise<CompletedReset> {
  const { customerId, tokenHash } = readToken(dto);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const result = await deps.tokens.consumeResetToken(customerId, tokenHash, nowSeconds, deps.keyVersion);
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

  const locale = chooseLocale(brand, dto.Locale, acceptLanguage, record.locale);
  // Sent as the link is redeemed, before the portal sets the password: its words say the link was
  // used to choose one, which is true now, not that the password has changed (docs/configuration.md).
  const message = composeEmail(brand, locale, record.email, { kind: 'password-changed', usedAt: nowSeconds });
  try {
    await deps.mailer.sendEmail(message);
  } catch (error) {
    logger.error('password-changed notice not sent', { brand: brand.name, ...describeError(error) });
  }
  return { brand: brand.name, email: record.email };
}
