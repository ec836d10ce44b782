import { SerializationError } from '../../../lib/errors';
import { decodeJsonRequest, encodeJsonResponse } from '../../../lib/wire/json';
import { resetCustomerPassword } from '../../../lib/wire/operations';

const decode = (body: string) => decodeJsonRequest(body, resetCustomerPassword);

describe('decodeJsonRequest', () => {
  it('matches property names ignoring case, as ServiceStack does', () => {
    expect(decode('{"email":"a@b.com","CUSTOMERBRANDNAME":"AquaGuard"}')).toEqual({ Email: 'a@b.com', CustomerBrandName: 'AquaGuard' });
  });

  it('ignores unknown properties and reads null as absent', () => {
    expect(decode('{"Email":null,"Other":{"deep":[1]}}')).toEqual({});
  });

  it('reads numbers and booleans as their text', () => {
    expect(decode('{"Email":12}')).toEqual({ Email: '12' });
  });

  it('treats an empty body or a JSON null as an empty DTO', () => {
    expect(decode('')).toEqual({});
    expect(decode('null')).toEqual({});
  });

  it('does not let __proto__ keys reach the DTO or Object.prototype', () => {
    const dto = decode('{"__proto__":{"Email":"x@y.com","polluted":1},"constructor":{"prototype":{"polluted":1}}}');
    expect(dto).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"Email":'],
    ['an array', '[{"Email":"a@b.com"}]'],
    ['a bare string', '"a@b.com"'],
    ['an object where a string belongs', '{"Email":{"x":1}}'],
    ['an array where a string belongs', '{"Email":["a@b.com"]}'],
    ['nesting 5,000 deep where a string belongs', `{"Email":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ])('refuses %s with a SerializationException', (_case, body) => {
    expect(() => decode(body)).toThrow(SerializationError);
  });

  it.each([
    ['{"Email":', 'the JSON ends before it is complete'],
    ['{"Email":"a@b.com",}', 'expected double-quoted property name at character 20'],
    ['{"Email":"a@b.com"} x', 'unexpected non-whitespace character after JSON at character 21'],
    ['jane@example.com', 'the body is not JSON'],
    // V8 quotes a body this short whole in its message: the words the position is read from, inside the quotes, are the body's.
    ['x@b.c at position 1', 'the body is not JSON'],
    ['[{"Email":"a@b.com"}]', 'expected an object, not an array'],
    ['"a@b.com"', 'expected an object, not string'],
    ['{"Email":{"x":1}}', "'Email' must be a string, not an object"],
    ['{"Email":["a@b.com"]}', "'Email' must be a string, not an array"],
  ])('says what was wrong with %s, without quoting the body', (body, why) => {
    expect(() => decode(body)).toThrow(new SerializationError(`Could not deserialize 'application/json' request using ResetCustomerPasswordRequest: ${why}`));
  });
});

describe('encodeJsonResponse', () => {
  it('writes a bare success as {}', () => {
    expect(encodeJsonResponse({}, undefined)).toBe('{}');
  });

  it('writes ResponseStatus in PascalCase with field errors, omitting null members', () => {
    const json = encodeJsonResponse({ Missing: undefined }, {
      errorCode: 'NotEmpty',
      message: "'Email' must not be empty.",
      errors: [{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }],
    });
    expect(JSON.parse(json)).toEqual({
      ResponseStatus: {
        ErrorCode: 'NotEmpty',
        Message: "'Email' must not be empty.",
        Errors: [{ ErrorCode: 'NotEmpty', FieldName: 'Email', Message: "'Email' must not be empty." }],
      },
    });
  });

  it('writes camelCase names when asked', () => {
    expect(JSON.parse(encodeJsonResponse({}, { errorCode: 'X', message: 'Y', errors: [] }, 'camel'))).toEqual({
      responseStatus: { errorCode: 'X', message: 'Y', errors: [] },
    });
  });
});
