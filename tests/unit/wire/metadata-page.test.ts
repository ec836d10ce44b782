import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataTypeOf, errorsOf, indentXml, renderMetadataPage, sampleExchanges } from '../../../lib/wire/metadata';
import { allOperations, completeCustomerPasswordReset, resetCustomerPassword, revokeCustomerPasswordResetTokens, verifyCustomerPasswordResetToken, type OperationSpec } from '../../../lib/wire/operations';

// Rendered anew in each test (not once when the file loads), so mutation testing can tell which tests run which code.
let page: string;
beforeEach(() => {
  page = renderMetadataPage(allOperations, 'regapi.example');
});
const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const sectionOf = (requestName: string): string => {
  const start = page.indexOf(`<section id="${requestName}">`);
  return page.slice(start, page.indexOf('</section>', start) + '</section>'.length);
};
const preOf = (section: string, kind: 'request' | 'response', index: number): string =>
  unescape([...section.matchAll(new RegExp(`<pre class="${kind}">([\\s\\S]*?)</pre>`, 'g'))][index]![1]!);

describe('the metadata page as a document', () => {
  it('is tests/golden/metadata.html, byte for byte', () => {
    expect(page).toBe(readFileSync(join(__dirname, '../../golden/metadata.html'), 'utf8'));
  });

  it('is a whole UTF-8 HTML document with a title, in English', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Registrar Web Services</title>\n<style>')).toBe(true);
    expect(page).toContain('</style></head>\n<body>\n<h1>Registrar Web Services</h1>\n');
    expect(page.endsWith('</section>\n</body>\n</html>\n')).toBe(true);
  });

  it('points to the OpenAPI description and lists every operation, each with a heading', () => {
    expect(page).toContain('An OpenAPI 3 description is at <a href="openapi.json">openapi.json</a>.');
    expect(page).toContain(`<h2>Operations</h2>\n<ul>\n${allOperations.map((op) => `<li><a href="#${op.requestName}">${op.requestName}</a></li>`).join('\n')}\n</ul>`);
    for (const op of allOperations) expect(sectionOf(op.requestName)).toContain(`<section id="${op.requestName}">\n<h2>${op.requestName}</h2>\n<p>`);
  });

  it('keeps its tables and sections closed', () => {
    const count = (pattern: RegExp) => page.match(pattern)?.length ?? 0;
    expect(count(/<table/g)).toBe(count(/<\/table>/g));
    expect(count(/<tbody>/g)).toBe(count(/<\/tbody>/g));
    expect(count(/<section /g)).toBe(allOperations.length);
    expect(count(/<\/section>/g)).toBe(allOperations.length);
  });

  it('says how to ask for XML, and that the samples hold placeholders', () => {
    const section = sectionOf(resetCustomerPassword.requestName);
    expect(section).toContain('<p>To override the Content-type in your clients, use the HTTP Accept Header, append the .xml suffix or ?format=xml</p>');
    expect(section).toContain('The placeholders shown need to be replaced with actual values.');
    expect(section).not.toContain('x-api-key');
    expect(sectionOf(verifyCustomerPasswordResetToken.requestName)).toContain("<p>Requires the portal's API key in the <code>x-api-key</code> header.</p>\n<p>The following routes");
  });

  it('describes ResponseStatus among the response parameters', () => {
    expect(sectionOf(resetCustomerPassword.requestName)).toContain(
      '<tr><td>ResponseStatus</td><td>form</td><td>ResponseStatus</td><td>No</td><td>Filled on errors: ErrorCode, Message and one ResponseError per failed field</td></tr>\n</tbody>\n</table>',
    );
  });
});

describe('the sample exchanges on the metadata page', () => {
  let section: string;
  beforeEach(() => {
    section = sectionOf(resetCustomerPassword.requestName);
  });

  it('shows the JSON request to the predefined JSON route, indented', () => {
    expect(preOf(section, 'request', 0)).toBe(
      'POST /json/reply/ResetCustomerPasswordRequest HTTP/1.1\nHost: regapi.example\nContent-Type: application/json\nContent-Length: length\n\n' +
        '{\n  "Email": "String",\n  "CustomerBrandName": "String",\n  "Locale": "String"\n}',
    );
  });

  it('shows the JSON response with every ResponseStatus member, indented', () => {
    const response = preOf(section, 'response', 0);
    expect(response.startsWith('HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: length\n\n{\n  "ResponseStatus": {\n    "ErrorCode": "String",')).toBe(true);
    expect(JSON.parse(response.slice(response.indexOf('\n\n') + 2))).toEqual(JSON.parse(sampleExchanges(resetCustomerPassword).json.response));
  });

  it('shows the XML exchange to the predefined XML route, one element per line', () => {
    expect(preOf(section, 'request', 1)).toMatch(/^POST \/xml\/reply\/ResetCustomerPasswordRequest HTTP\/1\.1\nHost: regapi\.example\nContent-Type: application\/xml\n/);
    const response = preOf(section, 'response', 1);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\nContent-Type: application\/xml\nContent-Length: length\n\n<\?xml version="1.0" encoding="utf-8"\?>\n<ResetCustomerPasswordResponse /);
    expect(response).toContain('\n    <d2p1:ErrorCode>String</d2p1:ErrorCode>\n');
  });

  it('names the paths and content types of the samples', () => {
    const { json, xml } = sampleExchanges(verifyCustomerPasswordResetToken);
    expect([json.path, json.contentType, xml.path, xml.contentType]).toEqual([
      '/json/reply/VerifyCustomerPasswordResetTokenRequest',
      'application/json',
      '/xml/reply/VerifyCustomerPasswordResetTokenRequest',
      'application/xml',
    ]);
  });
});

describe('errorsOf', () => {
  it('gives every operation 400, 403, 405, 413, 415, 500 and 503; 429 only where it counts requests', () => {
    expect(errorsOf(resetCustomerPassword).map((e) => [e.status, e.retryAfter])).toEqual([
      [400, false],
      [403, false],
      [405, false],
      [413, false],
      [415, false],
      [429, true],
      [500, false],
      [503, true],
    ]);
    expect(errorsOf(verifyCustomerPasswordResetToken).map((e) => e.status)).toEqual([400, 403, 405, 413, 415, 500, 503]);
  });

  it("names the token's codes where the operation reads one, and the one code of every unexpected failure", () => {
    expect(errorsOf(completeCustomerPasswordReset)[0]!.errorCode).toBe('the failed validator, TokenNotFound, TokenExpired, TokenUsed or SerializationException');
    expect(errorsOf(resetCustomerPassword)[0]!.errorCode).toBe('the failed validator, or SerializationException');
    expect(errorsOf(resetCustomerPassword).find((e) => e.status === 500)).toEqual({
      status: 500,
      errorCode: 'Exception',
      when: "An unexpected error, whatever it was: always the message 'An unexpected error occurred'",
      retryAfter: false,
    });
  });
});

describe('dataTypeOf', () => {
  it('names a string string, and a DateTime DateTime when always there, else DateTime?', () => {
    expect(dataTypeOf({ name: 'A', required: true, description: '' })).toBe('string');
    expect(dataTypeOf({ name: 'A', required: false, description: '', type: 'string' })).toBe('string');
    expect(dataTypeOf({ name: 'A', required: true, description: '', type: 'DateTime' })).toBe('DateTime');
    expect(dataTypeOf({ name: 'A', required: false, description: '', type: 'DateTime' })).toBe('DateTime?');
  });

  it('names an int int when always there, else int?', () => {
    expect(dataTypeOf({ name: 'A', required: true, description: '', type: 'int' })).toBe('int');
    expect(dataTypeOf({ name: 'A', required: false, description: '', type: 'int' })).toBe('int?');
  });
});

describe('the samples of an int', () => {
  it(".NET's default Int32, a JSON number and an xs:int text, in the response; text in a request", () => {
    const { json, xml } = sampleExchanges(revokeCustomerPasswordResetTokens);
    expect(JSON.parse(json.response).RevokedCount).toBe(0);
    expect(xml.response).toContain('<RevokedCount>0</RevokedCount>');
    const withIntRequest: OperationSpec = { ...revokeCustomerPasswordResetTokens, requestFields: [{ name: 'Count', required: true, description: '', type: 'int' }] };
    expect(JSON.parse(sampleExchanges(withIntRequest).json.request)).toEqual({ Count: '0' });
  });
});

describe('the samples of a DateTime', () => {
  it(".NET's default DateTime, in the form the service writes, in JSON and XML", () => {
    const { json, xml } = sampleExchanges(verifyCustomerPasswordResetToken);
    expect(JSON.parse(json.response).ExpiresAt).toBe('0001-01-01T00:00:00.000Z');
    expect(xml.response).toContain('<ExpiresAt>0001-01-01T00:00:00.000Z</ExpiresAt>');
  });
});

describe('indentXml', () => {
  it('keeps an element holding only text on one line, also the last one', () => {
    expect(indentXml('<A><B>t</B></A>')).toBe('<A>\n  <B>t</B>\n</A>');
    expect(indentXml('<B>t</B>')).toBe('<B>t</B>');
  });

  it('does not take an element that holds another for one that holds text', () => {
    expect(indentXml('<A><B><C>t</C></B></A>')).toBe('<A>\n  <B>\n    <C>t</C>\n  </B>\n</A>');
    expect(indentXml('<A><B /></A>')).toBe('<A>\n  <B />\n</A>');
  });

  it('leaves an element that the input leaves open on its own line, with nothing after it', () => {
    expect(indentXml('<A>')).toBe('<A>');
    expect(indentXml('<A>t')).toBe('<A>\n  t');
  });

  it('gives back nothing for nothing', () => {
    expect(indentXml('')).toBe('');
  });
});
