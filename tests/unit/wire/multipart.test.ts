import { SerializationError, UnsupportedMediaTypeError } from '../../../lib/errors';
import { decodeMultipartRequest } from '../../../lib/wire/multipart';
import { resetCustomerPassword } from '../../../lib/wire/operations';

const TYPE = 'multipart/form-data; boundary=b0und';
const part = (name: string, value: string, extra = '') => `--b0und\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
const read = (body: string, type = TYPE) => decodeMultipartRequest(body, type, resetCustomerPassword);

describe('decodeMultipartRequest', () => {
  it("reads what Node's own FormData (undici, as browsers do) sends", async () => {
    const form = new FormData();
    form.append('Email', 'a@example.com');
    form.append('customerBrandName', 'Aqua "Guard"\r\nline two');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = await request.text();
    expect(read(body, request.headers.get('content-type')!)).toEqual({ Email: 'a@example.com', CustomerBrandName: 'Aqua "Guard"\r\nline two' });
  });

  it('matches names ignoring case, takes the last of a name given twice, ignores unknown names, the preamble and the epilogue', () => {
    const body = `preamble\r\n${part('email', 'first@example.com')}${part('Other', 'x')}${part('EMAIL', 'last@example.com')}--b0und--\r\nepilogue`;
    expect(read(body)).toEqual({ Email: 'last@example.com' });
  });

  it('reads LF line breaks, a quoted boundary, padding after a delimiter and empty values', () => {
    const body = '--a b\t \nContent-Disposition: form-data; name=Email\n\n\n--a b\nContent-Disposition: form-data; name="Locale"\nContent-Type: text/plain; charset=UTF-8\n\nde\n--a b--';
    expect(read(body, 'multipart/form-data; boundary="a b"')).toEqual({ Email: '', Locale: 'de' });
  });

  it('keeps a value that holds something like the delimiter but not at the start of a line', () => {
    expect(read(`${part('Email', 'x--b0und@example.com')}--b0und--`)).toEqual({ Email: 'x--b0und@example.com' });
  });

  it.each([
    ['a file', `${part('Email', 'GIF89a', '; filename="a.gif"')}--b0und--`, "Files are not accepted: part 1 ('Email') is a file"],
    ['a file named the RFC 5987 way', `${part('avatar', 'x', "; filename*=UTF-8''a.gif")}--b0und--`, 'is a file'],
    ['a nested multipart', `--b0und\r\nContent-Disposition: form-data; name="Email"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner--\r\n--b0und--`, 'Nested multipart bodies are not accepted (part 1)'],
    ['a part in another media type', `--b0und\r\nContent-Disposition: form-data; name="Email"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--b0und--`, "Part 1 ('Email') must be text/plain in UTF-8"],
    ['a part in another charset', `--b0und\r\nContent-Disposition: form-data; name="Email"\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nx\r\n--b0und--`, 'must be text/plain in UTF-8'],
    ['a transfer-encoded part', `--b0und\r\nContent-Disposition: form-data; name="Email"\r\nContent-Transfer-Encoding: base64\r\n\r\nYQ==\r\n--b0und--`, 'must not be transfer-encoded'],
  ])('refuses %s with 415', (_name, body, why) => {
    expect(() => read(body)).toThrow(UnsupportedMediaTypeError);
    expect(() => read(body)).toThrow(why);
  });

  it.each([
    ['no boundary', 'multipart/form-data', part('Email', 'a'), 'the Content-Type needs a boundary'],
    ['a boundary too long', `multipart/form-data; boundary=${'b'.repeat(71)}`, part('Email', 'a'), 'needs a boundary'],
    ['a boundary ending in a space', 'multipart/form-data; boundary="b "', part('Email', 'a'), 'needs a boundary'],
    ['a body without the boundary', TYPE, 'Email=a@example.com', 'the body holds no boundary delimiter'],
    ['no closing delimiter', TYPE, part('Email', 'a'), 'the body ends before its closing boundary'],
    ['a part with no blank line after its headers', TYPE, '--b0und\r\nContent-Disposition: form-data; name="Email"', 'part 1 has no blank line after its headers'],
    ['a header line without a name', TYPE, '--b0und\r\n: x\r\n\r\na\r\n--b0und--', 'part 1 has a header line without a name'],
    ['a part without Content-Disposition', TYPE, '--b0und\r\nContent-Type: text/plain\r\n\r\na\r\n--b0und--', 'part 1 has no Content-Disposition: form-data'],
    ['a part without a name', TYPE, '--b0und\r\nContent-Disposition: form-data\r\n\r\na\r\n--b0und--', 'part 1 has no name'],
    ['text after a delimiter', TYPE, '--b0undX\r\n', 'the delimiter before part 1 is not followed by a line break'],
  ])('refuses %s with a SerializationException that says what', (_name, type, body, why) => {
    expect(() => read(body, type)).toThrow(SerializationError);
    expect(() => read(body, type)).toThrow(why);
  });

});
