import { SerializationError } from '../../../lib/errors';
import { decodeJsvBatch, decodeJsvRequest, encodeJsvRequest, encodeJsvResponse, encodeJsvString, shortestXsdDateTime } from '../../../lib/wire/jsv';
import { completeCustomerPasswordReset, resetCustomerPassword, verifyCustomerPasswordResetToken } from '../../../lib/wire/operations';

/**
 * Test vectors from ServiceStack.Text's own tests (repo ServiceStack/ServiceStack.Text, under
 * tests/ServiceStack.Text.Tests/), so the encoder writes what TypeSerializer writes.
 */
describe('encodeJsvString: StringExtensions.EncodeJsv and JsvTypeSerializer.WriteString', () => {
  it.each([
    // JsvTests/JsvBasicDataTests.cs, Does_encode_object_string_values_with_escaped_chars: a colon needs quotes
    ['https://url.com', '"https://url.com"'],
    // ReportedIssues.cs, Literal_Quote_In_String_Does_Not_Ignore_Comma: a quote is doubled, a comma quoted
    ['test"', '"test"""'],
    ['$100,000', '"$100,000"'],
    // AutoMappingTests.cs: `{Name:BMW X6,Age:3}`, spaces need nothing
    ['BMW X6', 'BMW X6'],
    // JsWriter.EscapeChars, one by one
    ['a{b', '"a{b"'],
    ['a}b', '"a}b"'],
    ['a[b', '"a[b"'],
    ['a]b', '"a]b"'],
    ['a\rb', '"a\rb"'],
    ['a\nb', '"a\nb"'],
    // Not escape characters: the apostrophe of a validation message, a backslash, an at sign
    ["'Email' must not be empty.", "'Email' must not be empty."],
    ['a\\b@c', 'a\\b@c'],
    // JsvTypeSerializer.WriteString: the empty string is written as two quotes
    ['', '""'],
  ])('writes %j as %s', (value, jsv) => {
    expect(encodeJsvString(value)).toBe(jsv);
  });
});

describe('shortestXsdDateTime: DateTimeSerializer.ToShortestXsdDateTimeString for UTC', () => {
  it.each([
    ['2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05Z'],
    ['2026-01-02T03:04:05.120Z', '2026-01-02T03:04:05.12Z'],
    ['2026-01-02T03:04:05.007Z', '2026-01-02T03:04:05.007Z'],
    // AutoMappingTests.cs: `new DateTime(2001, 01, 01).ConvertTo<string>()` is "2001-01-01": midnight is the date alone
    ['2001-01-01T00:00:00.000Z', '2001-01-01'],
    ['2001-01-01T00:00:00.001Z', '2001-01-01T00:00:00.001Z'],
  ])('writes %s as %s', (iso, jsv) => {
    expect(shortestXsdDateTime(iso)).toBe(jsv);
  });
});

describe('encodeJsvResponse', () => {
  it('writes a bare success as {} (null members are never written)', () => {
    expect(encodeJsvResponse(resetCustomerPassword, {}, undefined)).toBe('{}');
  });

  it('writes members in order, escaping each and writing DateTime members bare', () => {
    const members = { CustomerBrandName: 'Pump, Alarm', MaskedEmail: 'j***@example.com', ExpiresAt: '2026-01-02T03:04:05.000Z' };
    expect(encodeJsvResponse(verifyCustomerPasswordResetToken, members, undefined)).toBe('{CustomerBrandName:"Pump, Alarm",MaskedEmail:j***@example.com,ExpiresAt:2026-01-02T03:04:05Z}');
  });

  it('writes ResponseStatus in its declared order, Errors always a list, Meta only when set', () => {
    const status = { errorCode: 'NotEmpty', message: "'Email' must not be empty.", errors: [{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }] };
    expect(encodeJsvResponse(resetCustomerPassword, {}, status)).toBe(
      "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Email' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:Email,Message:'Email' must not be empty.}]}}",
    );
    expect(encodeJsvResponse(resetCustomerPassword, {}, { errorCode: 'X', message: 'a: b', errors: [], meta: { AutoBatchIndex: '1' } })).toBe(
      '{ResponseStatus:{ErrorCode:X,Message:"a: b",Errors:[],Meta:{AutoBatchIndex:1}}}',
    );
  });
});

describe('decodeJsvRequest', () => {
  it('reads what encodeJsvRequest writes, whatever the values hold', () => {
    for (const email of ['a@example.com', 'a,b"c:{}[]\r\n@x', '"', '""', ' padded ']) {
      const dto = { Email: email, CustomerBrandName: 'AquaGuard' };
      expect(decodeJsvRequest(encodeJsvRequest(resetCustomerPassword, dto), resetCustomerPassword)).toEqual(dto);
    }
  });

  it('matches names ignoring case, trims them, ignores unknown names and takes the last of a name given twice', () => {
    expect(decodeJsvRequest('{ email :a@example.com,Other:{x:[1,2]},EMAIL:b@example.com}', resetCustomerPassword)).toEqual({ Email: 'b@example.com' });
  });

  it('reads an empty body, {} and surrounding whitespace as an empty DTO; Name: and Name:"" as empty strings', () => {
    expect(decodeJsvRequest('', resetCustomerPassword)).toEqual({});
    expect(decodeJsvRequest(' {}\n', resetCustomerPassword)).toEqual({});
    expect(decodeJsvRequest('{Email:,Locale:""}', resetCustomerPassword)).toEqual({ Email: '', Locale: '' });
  });

  it('keeps a bare value as written: quotes and colons inside it are text (EatValue stops only at , or })', () => {
    expect(decodeJsvRequest('{Token:a:b"c}', completeCustomerPasswordReset)).toEqual({ Token: 'a:b"c' });
  });

  it.each([
    ['Email:a', "expected a map: {Name:Value,...}"],
    ['[{Email:a}]', 'expected a map'],
    ['{Email}', "expected ':' after the name at character 2"],
    ['{Email:"a}', 'the value at character 8 is not closed'],
    ['{Email:{a:b}', "expected ',' or '}' at character 13"],
    ['{Email:[a}', 'the value at character 8 is not closed'],
    ['{Email:"a"b}', "expected ',' or '}' at character 11"],
    ['{Email:a}}', "expected ',' or '}'"],
    ['{Email:{a:b}}', "'Email' must be a string, not a map"],
    ['{Email:[a]}', "'Email' must be a string, not a list"],
  ])('refuses %s with a SerializationException that says where, not what', (body, why) => {
    const read = () => decodeJsvRequest(body, resetCustomerPassword);
    expect(read).toThrow(SerializationError);
    expect(read).toThrow(why);
    expect(read).toThrow(/^Could not deserialize 'application\/jsv' request using ResetCustomerPasswordRequest: /);
  });
});

describe('decodeJsvBatch', () => {
  it('reads a list of maps, [] as none', () => {
    expect(decodeJsvBatch('[{Email:a@example.com},{Email:"b,c"}]', resetCustomerPassword)).toEqual([{ Email: 'a@example.com' }, { Email: 'b,c' }]);
    expect(decodeJsvBatch('[]', resetCustomerPassword)).toEqual([]);
  });

  it.each(['{Email:a}', '[{Email:a}', '[{Email:a},]', '[{Email:a}{Email:b}]', '[x]'])('refuses %s', (body) => {
    expect(() => decodeJsvBatch(body, resetCustomerPassword)).toThrow(SerializationError);
  });
});
