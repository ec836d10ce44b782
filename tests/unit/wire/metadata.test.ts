import { dataTypeOf, errorsOf, indentXml, renderMetadataPage, sampleExchanges } from '../../../lib/wire/metadata';
import { allOperations, completeCustomerPasswordReset, resetCustomerPassword, verifyCustomerPasswordResetToken, type OperationSpec } from '../../../lib/wire/operations';
import { routesOf } from '../../../lib/wire/routes';
import { decodeJsonRequest } from '../../../lib/wire/json';
import { decodeXmlRequest } from '../../../lib/wire/xml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Rendered anew in each test, so mutation testing can tell which tests run which code.
let page: string;
beforeEach(() => {
  page = renderMetadataPage(allOperations, 'regapi.pumpalarm.com');
});
const sectionOf = (operation: OperationSpec): string => {
  const start = page.indexOf(`<section id="${operation.requestName}">`);
  return page.slice(start, page.indexOf('</section>', start));
};

describe('renderMetadataPage', () => {
  it('lists every operation and links to its section and to its page in each format', () => {
    for (const op of allOperations) expect(page).toContain(`<li><a href="#${op.requestName}">${op.requestName}</a> (<a href="xml/metadata?op=${op.requestName}">XML</a>, <a href="json/metadata?op=${op.requestName}">JSON</a>, <a href="jsv/metadata?op=${op.requestName}">JSV</a>)</li>`);
  });

  it.each(allOperations.map((op) => [op.requestName, op] as const))('describes %s: description, every route, parameters', (_name, op) => {
    const section = sectionOf(op);
    expect(section).toContain(`<p>${op.description.replace(/'/g, '&#39;')}</p>`);
    for (const route of routesOf(op)) expect(section).toContain(`<tr><th>POST,OPTIONS</th><td>${route}</td></tr>`);
    expect(section).toContain('<th>Name</th><th>Parameter</th><th>Data Type</th><th>Required</th><th>Description</th>');
    for (const field of op.requestFields) expect(section).toContain(`<tr><td>${field.name}</td><td>body</td><td>${dataTypeOf(field)}</td><td>${field.required ? 'Yes' : 'No'}</td>`);
    for (const field of op.responseFields) expect(section).toContain(`<tr><td>${field.name}</td><td>body</td><td>${dataTypeOf(field)}</td><td>No</td>`);
    expect(section).toContain('<tr><td>ResponseStatus</td><td>form</td><td>ResponseStatus</td><td>No</td>');
    expect(section).toContain('HTTP + JSON');
    expect(section).toContain('HTTP + XML');
  });

  it("shows the reset operation's XML request as the seed page does", () => {
    const seed = readFileSync(join(__dirname, '../../fixtures/seed-request.xml'), 'utf8')
      .replace('<Email>String</Email>', '<Email>String</Email>\n  <Locale>String</Locale>')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    expect(sectionOf(resetCustomerPassword)).toContain(`POST /xml/reply/ResetCustomerPasswordRequest HTTP/1.1\nHost: regapi.pumpalarm.com\nContent-Type: application/xml\nContent-Length: length\n\n${seed}`);
  });

  it('shows ExpiresAt as a nullable DateTime, as the native types declare it', () => {
    expect(sectionOf(verifyCustomerPasswordResetToken)).toContain('<tr><td>ExpiresAt</td><td>body</td><td>DateTime?</td><td>No</td>');
  });

  it.each(allOperations.map((op) => [op.requestName, op] as const))("lists %s's errors, each status with its ErrorCode", (_name, op) => {
    const section = sectionOf(op);
    expect(section).toContain('<th>Status</th><th>ErrorCode</th><th>When</th>');
    for (const error of errorsOf(op)) expect(section).toContain(`<tr><td>${error.status}</td><td>${error.errorCode.replace(/'/g, '&#39;')}</td>`);
    expect(section).toContain('<tr><td>503</td><td>ServiceUnavailable</td><td>DynamoDB or SES is unavailable for a moment; <code>Retry-After</code> gives the seconds to wait</td></tr>');
  });

  it('describes 429 TooManyRequests, with Retry-After, where rate limits apply: the reset, not verify or complete', () => {
    expect(sectionOf(resetCustomerPassword)).toMatch(/<tr><td>429<\/td><td>TooManyRequests<\/td><td>[^<]*rate limits[^<]*; <code>Retry-After<\/code>/);
    expect(sectionOf(verifyCustomerPasswordResetToken)).not.toContain('<td>429</td>');
    expect(sectionOf(completeCustomerPasswordReset)).not.toContain('<td>429</td>');
  });

  it('says which operations need the API key', () => {
    expect(sectionOf(verifyCustomerPasswordResetToken)).toContain('x-api-key');
    expect(sectionOf(resetCustomerPassword)).not.toContain('x-api-key');
  });

  it('escapes what it inserts, the Host header above all', () => {
    const hostile = renderMetadataPage(allOperations, '<script>alert("x")</script>');
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('Host: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('sampleExchanges', () => {
  it.each(allOperations.map((op) => [op.requestName, op] as const))('writes %s samples the decoders read back', (_name, op) => {
    const samples = sampleExchanges(op);
    const everyField = Object.fromEntries(op.requestFields.map((f) => [f.name, 'String']));
    expect(decodeJsonRequest(samples.json.request, op)).toEqual(everyField);
    expect(decodeXmlRequest(samples.xml.request, op)).toEqual(everyField);
    expect(JSON.parse(samples.json.response).ResponseStatus.Errors[0]).toEqual({ ErrorCode: 'String', FieldName: 'String', Message: 'String' });
    expect(samples.xml.response).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?><${op.responseName} `));
  });
});

describe('indentXml', () => {
  it('puts one element per line and keeps text-only elements on one line', () => {
    expect(indentXml('<?xml version="1.0"?><A x="1"><B>t</B><C i:nil="true" /><D><E>u</E></D></A>')).toBe(
      '<?xml version="1.0"?>\n<A x="1">\n  <B>t</B>\n  <C i:nil="true" />\n  <D>\n    <E>u</E>\n  </D>\n</A>',
    );
  });
});
