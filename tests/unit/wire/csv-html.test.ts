import { createHash } from 'node:crypto';
import { encodeCsvField, encodeCsvList, encodeCsvResponse } from '../../../lib/wire/csv';
import { encodeHtmlList, encodeHtmlResponse, HTML_HEADERS } from '../../../lib/wire/html';
import { completeCustomerPasswordReset, verifyCustomerPasswordResetToken } from '../../../lib/wire/operations';

describe('encodeCsvField: ServiceStack.Text ToCsvField', () => {
  it.each([
    // tests/ServiceStack.Text.Tests/CsvStreamTests.cs (repo ServiceStack/ServiceStack.Text)
    ['3"', '"3"""'],
    ['5"five,six"', '"5""five,six"""'],
    ['"7,7.1"', '"""7,7.1"""'],
    // CsvWriter.HasAnyEscapeChars: line breaks, and a leading [ or { (a JSV list or map)
    ['a\r\nb', '"a\r\nb"'],
    ['a\nb', '"a\nb"'],
    ['{ErrorCode:X}', '"{ErrorCode:X}"'],
    ['[x]', '"[x]"'],
    ['a{b}', 'a{b}'],
    ['j***@example.com', 'j***@example.com'],
    ['', ''],
  ])('writes %j as %j', (value, csv) => {
    expect(encodeCsvField(value)).toBe(csv);
  });
});

describe('encodeCsvResponse', () => {
  it('writes one header row and one value row, each ended by CRLF, a null member as an empty field', () => {
    expect(encodeCsvResponse(completeCustomerPasswordReset, { CustomerBrandName: 'Aqua, "Guard"' }, undefined)).toBe(
      'CustomerBrandName,Email,ResponseStatus\r\n"Aqua, ""Guard""",,\r\n',
    );
  });

  it('writes ResponseStatus as its JSV, quoted', () => {
    const status = { errorCode: 'TokenUsed', message: 'a "b", c', errors: [] };
    expect(encodeCsvResponse(completeCustomerPasswordReset, {}, status)).toBe('CustomerBrandName,Email,ResponseStatus\r\n,,"{ErrorCode:TokenUsed,Message:""a """"b"""", c"",Errors:[]}"\r\n');
  });
});

describe('the lists of auto-batched calls', () => {
  it('writes a CSV list as a header and a row per answer, quoting and dating as a single answer does, an empty list as the header alone', () => {
    const answers = [{ CustomerBrandName: 'Acme, Inc.', MaskedEmail: 'j***@example.com', ExpiresAt: '2026-01-02T03:04:05.000Z' }, {}];
    expect(encodeCsvList(verifyCustomerPasswordResetToken, answers)).toBe(
      'CustomerBrandName,MaskedEmail,ExpiresAt,ResponseStatus\r\n"Acme, Inc.",j***@example.com,2026-01-02T03:04:05Z,\r\n,,,\r\n',
    );
    expect(encodeCsvList(verifyCustomerPasswordResetToken, [])).toBe('CustomerBrandName,MaskedEmail,ExpiresAt,ResponseStatus\r\n');
  });

  it('writes an HTML list as one table under the list name, an empty list as its header row alone', () => {
    const empty = encodeHtmlList(completeCustomerPasswordReset, []);
    expect(empty).toContain('<title>CompleteCustomerPasswordResetResponse[]</title>');
    expect(empty).toContain('<table><tr><th>CustomerBrandName</th><th>Email</th></tr></table>');
    expect(encodeHtmlList(completeCustomerPasswordReset, [{ Email: '"a"<b>@x' }])).toContain('<tr><td></td><td>&quot;a&quot;&lt;b&gt;@x</td></tr>');
  });
});

describe('encodeHtmlResponse', () => {
  it('escapes every value, and the page runs no script', () => {
    const page = encodeHtmlResponse(verifyCustomerPasswordResetToken, { CustomerBrandName: '<script>alert(1)</script>', MaskedEmail: `"'&` }, undefined);
    expect(page).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(page).toContain('<td>&quot;&#39;&amp;</td>');
    expect(page).not.toMatch(/<script|on\w+=|javascript:/i);
  });

  it("allows by its Content-Security-Policy exactly the page's own style, and nothing else", () => {
    const page = encodeHtmlResponse(verifyCustomerPasswordResetToken, {}, undefined);
    const style = /<style>(.*?)<\/style>/.exec(page)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(HTML_HEADERS['Content-Security-Policy']).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    expect(HTML_HEADERS).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  });

  it('shows Meta when a batch set it', () => {
    const page = encodeHtmlResponse(verifyCustomerPasswordResetToken, {}, { errorCode: 'X', message: 'm', errors: [], meta: { AutoBatchIndex: '2' } });
    expect(page).toContain('<tr><th>Meta</th><td><table><tr><th>AutoBatchIndex</th><td>2</td></tr></table></td></tr>');
  });
});
