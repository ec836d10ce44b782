import { TokenError, ValidationError } from '../errors';
import type { RequestDto } from '../wire/operations';
import { customerIdOfToken, hashToken } from './token';

/** A presented token, checked for shape: the customer it names and its hash. */
export interface PresentedToken {
  readonly customerId: string;
  readonly tokenHash: string;
}

/**
 * Reads `Token` from a verify or complete request. Missing is a validation error (the caller's bug);
 * present but not of our making is `TokenNotFound`, the same answer as a token we do not know.
 */
export function readToken(dto: RequestDto): PresentedToken {
  const token = dto.Token?.trim();
  if (!token) throw new ValidationError([{ errorCode: 'NotEmpty', fieldName: 'Token', message: "'Token' must not be empty." }]);
  const customerId = customerIdOfToken(token);
  if (!customerId) throw new TokenError('TokenNotFound');
  return { customerId, tokenHash: hashToken(token) };
}
