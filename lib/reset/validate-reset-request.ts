import type { Brand, BrandCatalog } from '../config';
import { ValidationError, type FieldError } from '../errors';
import type { RequestDto } from '../wire/operations';
import { checkEmailAddress } from './email-address';

const MAX_BRAND_LENGTH = 64;

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
 * Checks `Email` (see {@link checkEmailAddress}: FluentValidation's codes `NotEmpty`, `Length`,
 * `Email`, with the reason in the message) and `CustomerBrandName` (absent means the default brand),
 * reporting one error per failed field like ServiceStack's validation feature. The address returned
 * is the normalised one, with the domain in punycode.
 */
export function validateResetRequest(dto: RequestDto, brands: BrandCatalog): ValidResetRequest {
  const email = checkEmailAddress(dto.Email);
  const brand = resolveBrand(dto.CustomerBrandName, brands);
  if ('address' in email && !('errorCode' in brand)) return { email: email.address, brand };
  const errors: FieldError[] = [];
  if ('refusal' in email) errors.push({ fieldName: 'Email', ...email.refusal });
  if ('errorCode' in brand) errors.push(brand);
  throw new ValidationError(errors);
}
