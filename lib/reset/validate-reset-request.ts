import * as v from 'valibot';
import type { Brand, BrandCatalog } from '../config';
import { ValidationError, type FieldError } from '../errors';
import type { RequestDto } from '../wire/operations';
import { normaliseEmail } from './token';

/** RFC 5321's limit on a forward path; anything longer cannot be delivered. */
const MAX_EMAIL_LENGTH = 254;
const MAX_BRAND_LENGTH = 64;

const emailSchema = v.pipe(
  v.string(),
  v.trim(),
  v.nonEmpty(),
  v.maxLength(MAX_EMAIL_LENGTH),
  // Printable ASCII only: no control characters (header injection) and no Unicode look-alikes that
  // case-fold onto another customer's address (the Kelvin sign lower-cases to "k").
  v.regex(/^[\x21-\x7e]+$/),
  v.email(),
);

/** FluentValidation's codes and messages, as ServiceStack clients already display them. */
function emailError(issue: v.BaseIssue<unknown>, input: unknown): FieldError {
  const fieldName = 'Email';
  switch (issue.type) {
    case 'string':
    case 'non_empty':
      return { errorCode: 'NotEmpty', fieldName, message: "'Email' must not be empty." };
    case 'max_length':
      return {
        errorCode: 'Length',
        fieldName,
        message: `'Email' must be between 1 and ${MAX_EMAIL_LENGTH} characters. You entered ${String(input).trim().length} characters.`,
      };
    default:
      return { errorCode: 'Email', fieldName, message: "'Email' is not a valid email address." };
  }
}

function resolveBrand(name: string | undefined, brands: BrandCatalog): Brand | FieldError {
  const fieldName = 'CustomerBrandName';
  if (name === undefined || name.trim() === '') return brands.defaultBrand;
  if (name.length > MAX_BRAND_LENGTH) {
    return {
      errorCode: 'Length',
      fieldName,
      message: `'Customer Brand Name' must be between 0 and ${MAX_BRAND_LENGTH} characters. You entered ${name.length} characters.`,
    };
  }
  return brands.findBrand(name) ?? { errorCode: 'UnknownBrand', fieldName, message: "'Customer Brand Name' is not a known brand." };
}

/** A reset request that passed validation. */
export interface ValidResetRequest {
  readonly email: string;
  readonly brand: Brand;
}

/**
 * Checks `Email` (NotEmpty, Length, Email) and `CustomerBrandName` (absent means the default brand),
 * reporting one error per failed field like ServiceStack's validation feature.
 */
export function validateResetRequest(dto: RequestDto, brands: BrandCatalog): ValidResetRequest {
  const email = v.safeParse(emailSchema, dto.Email, { abortPipeEarly: true });
  const brand = resolveBrand(dto.CustomerBrandName, brands);
  if (email.success && !('errorCode' in brand)) return { email: normaliseEmail(email.output), brand };
  const errors: FieldError[] = [];
  if (!email.success) errors.push(emailError(email.issues[0], dto.Email));
  if ('errorCode' in brand) errors.push(brand);
  throw new ValidationError(errors);
}
