import { ValidationError } from '../../../lib/errors';
import { validateResetRequest } from '../../../lib/reset/validate-reset-request';
import { devBrands } from '../fakes';

const fieldErrorsOf = (dto: Record<string, string | undefined>) => {
  try {
    validateResetRequest(dto, devBrands);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe("validateResetRequest: FluentValidation's messages, as ServiceStack clients display them", () => {
  it('states the Email length limit and the length entered, without the spaces around it', () => {
    expect(fieldErrorsOf({ Email: `  ${'a'.repeat(250)}@b.com  ` })).toEqual([
      { errorCode: 'Length', fieldName: 'Email', message: "'Email' must be between 1 and 254 characters. You entered 256 characters." },
    ]);
  });

  it('states the brand name length limit and the length entered', () => {
    expect(fieldErrorsOf({ Email: 'a@b.com', CustomerBrandName: 'x'.repeat(65) })).toEqual([
      { errorCode: 'Length', fieldName: 'CustomerBrandName', message: "'Customer Brand Name' must be between 0 and 64 characters. You entered 65 characters." },
    ]);
  });

  it('looks up a brand name of exactly 64 characters rather than refusing its length', () => {
    expect(fieldErrorsOf({ Email: 'a@b.com', CustomerBrandName: 'x'.repeat(64) })).toEqual([
      { errorCode: 'UnknownBrand', fieldName: 'CustomerBrandName', message: "'Customer Brand Name' is not a known brand." },
    ]);
  });

  it('reads a blank brand name as none: the default brand', () => {
    expect(validateResetRequest({ Email: 'a@b.com', CustomerBrandName: '   ' }, devBrands).brand.name).toBe('PumpAlarm');
    expect(validateResetRequest({ Email: 'a@b.com', CustomerBrandName: '' }, devBrands).brand.name).toBe('PumpAlarm');
  });
});
