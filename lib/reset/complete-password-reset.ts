import type { Brand, BrandCatalog } from '../config';
import { TokenError } from '../errors';
import { logger } from '../observability';
import type { Clock, CustomerDirectory, ResetTokenRecord, TokenRedeemer } from '../ports';
import type { RequestDto } from '../wire/operations';
import { readToken } from './read-token';
import { tokenStateOf } from './token';

export interface CompletePasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenRedeemer;
  readonly clock: Clock;
  /** The customer-id key's current version (CUSTOMER_ID_KEY_VERSION): links of earlier keys are void. */
  readonly keyVersion: string;
  /** Per brand: `undefined` means every address is a customer (as for the reset request). */
  readonly directoryFor: (brandKey: string) => CustomerDirectory | undefined;
}

export interface CompletedReset {
  readonly brand: string;
  readonly email: string;
}

/**
 * The brand of a live link, if its customer is still the brand's customer under the address the link
 * was mailed to; else `TokenNotFound`, the answer to an unknown token (a link must not outlive the
 * account or address it was made for, nor re-create the account through the portal's save). Only a
 * brand with a directory (`customerDirectory: table`) can lose a customer.
 */
async function brandOfLiveCustomer(record: ResetTokenRecord, deps: CompletePasswordResetDeps): Promise<Brand> {
  const brand = deps.brands.findBrand(record.brand);
  if (!brand) {
    logger.warn('token of a brand no longer configured', { brand: record.brand });
    throw new TokenError('TokenNotFound');
  }
  const directory = deps.directoryFor(brand.key);
  if (directory && !(await directory.isCustomer(brand.key, record.email))) {
    logger.warn('token of an address the brand no longer knows', { brand: brand.name });
    throw new TokenError('TokenNotFound');
  }
  return brand;
}

/**
 * Redeems a link exactly once (one conditional write: of many concurrent calls one wins, the rest get
 * `TokenUsed`) and tells the winner whose password to set. The link is read first, and a link whose
 * brand is gone or whose customer the brand's directory no longer knows under that address is
 * refused as `TokenNotFound` before the write, so nothing is used up. The redeeming write queues the
 * "password changed" notice on the item, with the language this request asks for (`Locale`, else
 * `acceptLanguage`, else the reset's own), which the sender on the table's stream mails
 * (send-queued-email.ts): the link is used up whether or not SES is up, and the notice goes out when it is.
 */
export async function completePasswordReset(dto: RequestDto, acceptLanguage: string | undefined, deps: CompletePasswordResetDeps): Promise<CompletedReset> {
  const { customerId, tokenHash } = readToken(dto);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const found = await deps.tokens.findResetToken(customerId);
  const foundState = tokenStateOf(found, tokenHash, nowSeconds, deps.keyVersion);
  if (foundState !== 'live') throw new TokenError(foundState);
  // tokenStateOf reads a missing record as TokenNotFound: a live token has one.
  const brand = await brandOfLiveCustomer(found!, deps);
  const result = await deps.tokens.consumeResetToken(customerId, tokenHash, nowSeconds, deps.keyVersion, { locale: dto.Locale, acceptLanguage });
  if (!result.consumed) {
    const state = tokenStateOf(result.record, tokenHash, nowSeconds, deps.keyVersion);
    // The write lost to another redeemer between its condition and our read: that one used it.
    throw new TokenError(state === 'live' ? 'TokenUsed' : state);
  }
  return { brand: brand.name, email: result.record.email };
}
