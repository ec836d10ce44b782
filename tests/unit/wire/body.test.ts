import { PayloadTooLargeError, SerializationError, UnsupportedMediaTypeError } from '../../../lib/errors';
import { decodeBody } from '../../../lib/wire/body';

const JSON_BODY = '{"Email":"jürgen@bücher.example"}';
const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16le = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => utf16le(text).swap16();
/** As API Gateway passes a body of a binary media type. */
const fromBytes = (bytes: Buffer, contentType = 'application/json') => decodeBody(bytes.toString('base64'), true, contentType, 16 * 1024);
/** As API Gateway and serverless offline pass a text body: decoded as UTF-8, invalid bytes as U+FFFD. */
const fromText = (bytes: Buffer, contentType = 'application/json') => decodeBody(bytes.toString('utf8'), false, contentType, 16 * 1024);

describe('decodeBody, from the bytes API Gateway passes for binary media types', () => {
  it('reads UTF-8, with or without a byte-order mark, which it drops', () => {
    expect(fromBytes(Buffer.from(JSON_BODY))).toBe(JSON_BODY);
    expect(fromBytes(Buffer.concat([BOM_UTF8, Buffer.from(JSON_BODY)]))).toBe(JSON_BODY);
  });

  it('reads UTF-16 by its byte-order mark, little- and big-endian, whatever the charset says', () => {
    expect(fromBytes(utf16le(JSON_BODY))).toBe(JSON_BODY);
    expect(fromBytes(utf16be(JSON_BODY), 'application/xml; charset=utf-8')).toBe(JSON_BODY);
  });

  it('reads UTF-16 without a byte-order mark when the charset says so (utf-16 is little-endian, as in .NET)', () => {
    expect(fromBytes(utf16le(JSON_BODY, false), 'application/json; charset=utf-16')).toBe(JSON_BODY);
    expect(fromBytes(utf16le(JSON_BODY, false).swap16(), 'application/json; charset="UTF-16BE"')).toBe(JSON_BODY);
  });

  it('lets a byte-order mark decide over the charset, and only a whole one', () => {
    // A UTF-8 byte-order mark read as UTF-8 although the charset says UTF-16.
    expect(fromBytes(Buffer.concat([BOM_UTF8, Buffer.from(JSON_BODY)]), 'application/json; charset=utf-16')).toBe(JSON_BODY);
    expect(fromBytes(utf16le(JSON_BODY), 'application/json; charset=utf-16be')).toBe(JSON_BODY);
    // Bytes that begin like a mark without being one: the charset decides (UTF-16 of "ï{", "A¿", "þ{", "ａ").
    expect(fromBytes(utf16le('\u00ef{', false), 'application/json; charset=utf-16')).toBe('\u00ef{');
    expect(fromBytes(utf16le('A\u00bf', false), 'application/json; charset=utf-16')).toBe('A\u00bf');
    expect(fromBytes(utf16le('\u00fe{', false).swap16(), 'application/json; charset=utf-16be')).toBe('\u00fe{');
    expect(fromBytes(Buffer.from([0x41, 0xff]), 'application/json; charset=utf-16le')).toBe('\uff41');
    // Two of the UTF-8 mark's three bytes, in each pair of places (UTF-16LE of "ï¿", "\ubb41¿", "\ubbefA").
    expect(fromBytes(utf16le('\u00ef\u00bf', false), 'application/json; charset=utf-16')).toBe('\u00ef\u00bf');
    expect(fromBytes(utf16le('\ubb41\u00bf', false), 'application/json; charset=utf-16')).toBe('\ubb41\u00bf');
    expect(fromBytes(utf16le('\ubbefA', false), 'application/json; charset=utf-16')).toBe('\ubbefA');
    // Half a UTF-16 mark is no mark: UTF-8, and so invalid.
    for (const half of [[0xff, 0x7b, 0x7d], [0xfe, 0x7b, 0x7d]]) {
      expect(() => fromBytes(Buffer.from(half))).toThrow(new SerializationError('The request body is not valid UTF-8'));
    }
  });

  it('reads the charset parameter with any white space around it, its value in quotes or not', () => {
    expect(fromBytes(utf16le(JSON_BODY, false), 'application/json;  charset = "UTF-16"')).toBe(JSON_BODY);
    expect(fromBytes(utf16le(JSON_BODY, false), 'application/json;charset=utf-16le')).toBe(JSON_BODY);
  });

  it('refuses bytes that are not valid in their encoding with a SerializationException naming it', () => {
    expect(() => fromBytes(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toThrow(new SerializationError('The request body is not valid UTF-8'));
    expect(() => fromBytes(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]))).toThrow(new SerializationError('The request body is not valid UTF-16LE'));
  });

  it('refuses a charset it cannot decode with a 415 naming it', () => {
    const refusal = () => fromBytes(Buffer.from(JSON_BODY, 'latin1'), 'application/json; charset=iso-8859-1');
    expect(refusal).toThrow(UnsupportedMediaTypeError);
    expect(refusal).toThrow("The charset 'iso-8859-1' is not supported; send UTF-8 or UTF-16");
  });

  it('caps the bytes, not the characters', () => {
    expect(() => decodeBody(Buffer.alloc(101).toString('base64'), true, undefined, 100)).toThrow(PayloadTooLargeError);
  });
});

describe('decodeBody, from a body that arrived as text', () => {
  it('drops a UTF-8 byte-order mark, which arrives as U+FEFF', () => {
    expect(fromText(Buffer.concat([BOM_UTF8, Buffer.from(JSON_BODY)]))).toBe(JSON_BODY);
  });

  it('refuses invalid UTF-8, which arrives as U+FFFD, with a SerializationException', () => {
    expect(() => fromText(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toThrow(new SerializationError('The request body is not valid UTF-8'));
    // Two invalid bytes first are not UTF-16 unless NULs follow, as every ASCII character of UTF-16 brings one.
    expect(() => fromText(Buffer.from([0xff, 0xff, 0x7b, 0x7d]))).toThrow(new SerializationError('The request body is not valid UTF-8'));
  });

  it('takes NULs for UTF-16 only after two U+FFFD, its byte-order mark decoded as UTF-8', () => {
    // A NUL is valid UTF-8: the JSON or XML reader refuses it, not the decoder.
    expect(fromText(Buffer.from('{"Email":"a\u0000"}'))).toBe('{"Email":"a\u0000"}');
  });

  it('reads text whose charset is UTF-8 or US-ASCII as it came', () => {
    expect(fromText(Buffer.from(JSON_BODY), 'application/json; charset=utf-8')).toBe(JSON_BODY);
    expect(fromText(Buffer.from('{}'), 'application/json; charset=us-ascii')).toBe('{}');
  });

  it('refuses UTF-16, whose bytes are gone, with a 415 naming UTF-16', () => {
    for (const refusal of [() => fromText(utf16le(JSON_BODY)), () => fromText(utf16be(JSON_BODY)), () => fromText(utf16le(JSON_BODY, false), 'application/json; charset=utf-16')]) {
      expect(refusal).toThrow(new UnsupportedMediaTypeError('The request body is UTF-16 but arrived already decoded as UTF-8, so it cannot be read; send UTF-8'));
      expect(refusal).toThrow(UnsupportedMediaTypeError);
    }
  });

  it('treats no body as an empty one, whatever the Content-Type says', () => {
    expect(decodeBody(null, false, 'application/json; charset=koi8-r', 100)).toBe('');
  });
});
