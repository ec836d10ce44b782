import fc from 'fast-check';
import { loadHttpConfig } from '../../lib/config';
import { createHttpHandler } from '../../lib/http';
import { requestPasswordReset } from '../../lib/reset/request-password-reset';
import { encodeJsvString } from '../../lib/wire/jsv';
import { DTO_NAMESPACE, resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';
import { deliverQueued, directoryOf, resetDeps } from './fakes';

/** The reset function as deployed and the sender behind it, with fakes behind their ports and limits out of the way. */
function resetFunction() {
  const config = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', RATE_LIMITS: 'customer:1000000/60' });
  const deps = resetDeps(Date.UTC(2026, 10, 28), {
    brands: config.brands,
    directoryFor: (brandKey: string) => (brandKey === 'aquaguard' ? directoryOf() : undefined),
  });
  const { tokens, mailer } = deps;
  const handler = createHttpHandler(config, [{ spec: resetCustomerPassword, run: (dto, request) => requestPasswordReset(dto, request, deps).then(() => deliverQueued(deps)).then(() => ({})) }]);
  return { handler, tokens, mailer };
}

/**
 * Sends one request to a fresh reset function and checks what must hold for any input: no 5xx,
 * nothing written or sent unless it succeeded (for a batch, nothing beyond the requests it reports
 * completed), and mail only ever to one well-formed address with nothing that could add a header.
 */
async function expectSafeAnswer(event: ReturnType<typeof apiGatewayEvent>): Promise<void> {
  const { handler, tokens, mailer } = resetFunction();

  const response = await handler(event);

  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode !== 200) {
    // A batch stopped by a refused request keeps the work of those before it, and says how many: no more.
    const completed = Number(response.headers?.['X-AutoBatch-Completed'] ?? 0);
    expect(tokens.stream.length).toBeLessThanOrEqual(completed);
    expect(mailer.sendEmail.mock.calls.length).toBeLessThanOrEqual(completed);
  }
  for (const message of mailer.sent) expect(message.to).toMatch(/^[\x21-\x7e]+@[\x21-\x7e]+$/);
}

const field = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.emailAddress(),
  fc.constantFrom('PumpAlarm', 'aquaguard', '__proto__', 'constructor', 'a@b.com\r\nBcc: x@evil.example', 'ſ@example.com'),
);
const jsonValue = fc.oneof(field, fc.integer(), fc.boolean(), fc.constant(null), fc.array(field), fc.dictionary(fc.string(), field));
const jsonBody = fc
  .dictionary(fc.constantFrom('Email', 'email', 'CustomerBrandName', 'Locale', '__proto__', 'constructor', 'other'), jsonValue)
  .map((dto) => JSON.stringify(dto));
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const xmlBody = fc
  .record({ email: field, brand: fc.option(field), prefix: fc.constantFrom('', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]>', '<?pi x?>'), escape: fc.boolean() })
  .map(({ email, brand, prefix, escape }) => {
    const text = escape ? xmlText : (s: string) => s;
    const brandXml = brand === null ? '' : `<CustomerBrandName>${text(brand)}</CustomerBrandName>`;
    return `${prefix}<ResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}">${brandXml}<Email>${text(email)}</Email></ResetCustomerPasswordRequest>`;
  });
/** JSV maps, escaped as ServiceStack writes them or raw, with nesting and JSV's own punctuation in the values. */
const jsvValue = fc.oneof(field.map(encodeJsvString), field, fc.constantFrom('{', '}', '[', ']', '"', '""', ',', ':', '{a:[b,{c:"d"}]}', '[[[[', '"{"'));
const jsvMap = fc
  .array(fc.tuple(fc.constantFrom('Email', 'email', ' Email ', 'CustomerBrandName', 'Locale', '__proto__', 'constructor', '"Email"', 'other', ''), jsvValue), { maxLength: 5 })
  .map((entries) => `{${entries.map(([name, value]) => `${name}:${value}`).join(',')}}`);
const jsvBody = fc.oneof(jsvMap, fc.array(jsvMap, { maxLength: 12 }).map((maps) => `[${maps.join(',')}]`), fc.stringMatching(/^[{}[\]",:a-z@. ]{0,60}$/));
/** multipart/form-data bodies (boundary `b`): fields, files, nested parts, odd headers, missing delimiters. */
const multipartPart = fc
  .record({ name: fc.constantFrom('Email', 'email', 'CustomerBrandName', 'Locale', '__proto__', ''), value: field, headers: fc.constantFrom('', '; filename="a.txt"', '\r\nContent-Type: multipart/mixed; boundary=c', '\r\nContent-Type: text/plain; charset=utf-8', '\r\nContent-Transfer-Encoding: base64', '\r\n: x') })
  .map(({ name, value, headers }) => `--b\r\nContent-Disposition: form-data; name="${name}"${headers}\r\n\r\n${value}\r\n`);
const multipartBody = fc.tuple(fc.array(multipartPart, { maxLength: 5 }), fc.constantFrom('--b--', '--b--\r\n', '', '--b', 'junk')).map(([parts, end]) => parts.join('') + end);
/** DataContract lists of requests (`ArrayOf...`), with nil items, stray text and foreign elements among them. */
const xmlItem = fc.oneof(
  xmlBody.map((xml) => xml.replace(/^.*?<ResetCustomerPasswordRequest xmlns="[^"]*">/, '<ResetCustomerPasswordRequest>')),
  fc.constantFrom('<ResetCustomerPasswordRequest i:nil="true" />', '<ResetCustomerPasswordRequest />', 'stray text', '<Other><Email>a@b.com</Email></Other>', '<ResetCustomerPasswordRequest xmlns="urn:x"/>'),
);
const xmlBatch = fc
  .tuple(fc.array(xmlItem, { maxLength: 12 }), fc.constantFrom(DTO_NAMESPACE, 'urn:wrong'))
  .map(([items, namespace]) => `<ArrayOfResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${namespace}">${items.join('')}</ArrayOfResetCustomerPasswordRequest>`);
/** JSON lists of requests, for the auto-batched routes. */
const jsonBatch = fc.array(fc.oneof(jsonBody, fc.constant('null'), fc.constant('"x"')), { maxLength: 12 }).map((items) => `[${items.join(',')}]`);
const anyBody = fc.oneof(jsonBody, xmlBody, jsvBody, jsonBatch, xmlBatch, multipartBody, fc.string(), fc.string({ unit: 'binary' }), fc.string({ maxLength: 20_000 }));
const contentType = fc.constantFrom('application/json', 'application/xml', 'text/xml', 'text/jsv', 'application/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'multipart/form-data', 'text/plain', '', 'application/json; charset=utf-16');
const path = fc.constantFrom(
  '/ResetCustomerPassword',
  '/ResetCustomerPassword.xml',
  '/ResetCustomerPassword.jsv',
  '/json/reply/ResetCustomerPasswordRequest',
  '/xml/reply/resetcustomerpasswordrequest',
  '/jsv/reply/ResetCustomerPasswordRequest',
  '/jsv/oneway/ResetCustomerPasswordRequest',
  '/json/reply/ResetCustomerPasswordRequest[]',
  '/jsv/reply/ResetCustomerPasswordRequest%5B%5D',
  '/xml/reply/ResetCustomerPasswordRequest[]',
  '/xml/oneway/ResetCustomerPasswordRequest%5B%5D',
  '/html/reply/ResetCustomerPasswordRequest',
  '/csv/oneway/ResetCustomerPasswordRequest',
  '/ResetCustomerPassword.html',
  '/api/ResetCustomerPasswordRequest',
);

describe('hostile input, generated', () => {
  it('never answers 5xx, and never writes or sends for a request it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, contentType, path, fc.boolean(), async (body, type, requestPath, base64) => {
        await expectSafeAnswer(
          apiGatewayEvent({
            path: requestPath,
            body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
            isBase64Encoded: base64,
            headers: { 'Content-Type': type },
          }),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('never answers 5xx to bodies as bytes: any byte-order mark, UTF-16 of either order, or noise', async () => {
    const bom = fc.constantFrom(Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.from([0xff, 0xfe, 0, 0]));
    const utf16 = fc.tuple(fc.oneof(jsonBody, xmlBody), fc.boolean()).map(([text, bigEndian]) => {
      const bytes = Buffer.from(text, 'utf16le');
      return bigEndian ? bytes.swap16() : bytes;
    });
    const bytes = fc.tuple(bom, fc.oneof(utf16, fc.oneof(jsonBody, xmlBody, jsvBody, multipartBody).map((text) => Buffer.from(text)), fc.uint8Array({ maxLength: 300 }).map((noise) => Buffer.from(noise))));
    await fc.assert(
      fc.asyncProperty(bytes, contentType, path, fc.boolean(), async ([mark, content], type, requestPath, base64) => {
        const raw = Buffer.concat([mark, content]);
        // As text, the body is what API Gateway or serverless offline make of the bytes: UTF-8 with U+FFFD.
        await expectSafeAnswer(apiGatewayEvent({ path: requestPath, body: base64 ? raw.toString('base64') : raw.toString('utf8'), isBase64Encoded: base64, headers: { 'Content-Type': type } }));
      }),
      { numRuns: 1000 },
    );
  });
});
