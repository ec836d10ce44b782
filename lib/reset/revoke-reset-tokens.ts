import type { BrandCatalog } from '../config';
import type { Clock, TokenRevoker } from '../ports';
import type { RequestDto } from '../wire/operations';
import { mailboxOf } from './mailbox';
import type { CustomerIdOf } from './token';
import { validateResetRequest } from './validate-reset-request';

export interface RevokeResetTokensDeps {
  readonly brands: BrandCatalog;
  readonly tokens: TokenRevoker;
  readonly clock: Clock;
  readonly customerIdOf: CustomerIdOf;
  /** The customer-id key's current version (CUSTOMER_ID_KEY_VERSION): links of earlier keys are already void. */
  readonly keyVersion: string;
}

export interface RevokedTokens {
  readonly brand: string;
  /** The normalised address, for the edge to mask in its log line. */
  readonly email: string;
  /** How many live links were ended: 0 or 1, as a mailbox holds one item. */
  readonly revokedCount: number;
}

/**
 * Ends every live reset link of a customer's mailbox (brand, and the address as the reset keys it:
 * mailboxOf, so `jane+news@` ends `jane@`'s link too), for the portal to call when the customer's
 * password or address changes by any path (RESET.md, step 5; OWASP Forgot Password Cheat Sheet:
 * "invalidate tokens" on password change). `Email` and `CustomerBrandName` are validated as the
 * reset request's are (ValidationError, 400). Answers how many links it ended; a link already used,
 * expired or of an earlier key version is not live and is not counted.
 */
export async function revokeResetTokens(dto: RequestDto, deps: RevokeResetTokensDeps): Promise<RevokedTokens> {
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = deps.customerIdOf(brand.key, mailboxOf(email));
  const revokedCount = await deps.tokens.revokeResetTokens(customerId, deps.keyVersion, Math.floor(deps.clock.now() / 1000));
  return { brand: brand.name, email, revokedCount };
}
