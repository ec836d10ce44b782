import { ValidationError } from '../../../lib/errors';
import { validateResetRequest } from '../../../lib/reset/validate-reset-request';
import { devBrands } from '../fakes';

const fieldErrorsOf = (dto: Record<string, string | undefined>) => {
  try {
    validateResetRequest(dto, devBrands);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors.map((e) => [e.fieldName, e.errorCode]);
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('validateResetRequest', () => {
  it('normalises the address and uses the default brand when none is named', () => {
    const valid = validateResetRequest({ Email: '  Jane.Doe@Example.COM ' }, devBrands);
    expect(valid.email).toBe('jane.doe@example.com');
    expect(valid.brand.name).toBe('PumpAlarm');
  });

  it('matches brand names ignoring case', () => {
    expect(validateResetRequest({ Email: 'a@b.com', CustomerBrandName: 'aquaguard' }, devBrands).brand.name).toBe('AquaGuard');
  });

  it.each([
    [{}, [['Email', 'NotEmpty']]],
    [{ Email: '   ' }, [['Email', 'NotEmpty']]],
    [{ Email: 'not-an-address' }, [['Email', 'Email']]],
    [{ Email: 'a@b.com\r\nBcc: x@evil.com' }, [['Email', 'Email']]],
    [{ Email: 'jöhn@example.com' }, [['Email', 'Email']]],
    [{ Email: '\u212a@example.com' }, [['Email', 'Email']]],
    [{ Email: `${'a'.repeat(250)}@b.com` }, [['Email', 'Length']]],
    [{ Email: 'a@b.com', CustomerBrandName: 'Nope' }, [['CustomerBrandName', 'UnknownBrand']]],
    [{ Email: 'a@b.com', CustomerBrandName: 'x'.repeat(65) }, [['CustomerBrandName', 'Length']]],
    [{ CustomerBrandName: 'Nope' }, [['Email', 'NotEmpty'], ['CustomerBrandName', 'UnknownBrand']]],
  ])('rejects %j with one error per failed field', (dto, expected) => {
    expect(fieldErrorsOf(dto)).toEqual(expected);
  });

  it("copies the first field error to the top level with FluentValidation's wording", () => {
    try {
      validateResetRequest({}, devBrands);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).statusCode).toBe(400);
      expect((error as ValidationError).errorCode).toBe('NotEmpty');
      expect((error as ValidationError).message).toBe("'Email' must not be empty.");
    }
  });
});
