import fc from 'fast-check';
import { loadConfig } from '../../lib/config';
import { createHttpHandler } from '../../lib/http';
import { requestPasswordReset } from '../../lib/reset/request-password-reset';
import { DTO_NAMESPACE, resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';
import { deliverQueued, directoryOf, resetDeps } from './fakes';

/** The reset function as deployed and the sender behind it, with fakes behind their ports and limits out of the way. */
function resetFunction() {
  const config = loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', RATE_LIMITS: 'customer:1000000/60' });
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
 * nothing written or sent unless it succeeded, and mail only ever to one well-formed address with
 * nothing that could add a header.
 */
async function expectSafeAnswer(event: ReturnType<typeof apiGatewayEvent>): Promise<void> {
  const { handler, tokens, mailer } = resetFunction();

  const response = await handler(event);

  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode !== 200) {
    expect(tokens.putResetToken).not.toHaveBeenCalled();
    expect(tokens.stream).toEqual([]);
    expect(mailer.sendEmail).not.toHaveBeenCalled();
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
const anyBody = fc.oneof(jsonBody, xmlBody, fc.string(), fc.string({ unit: 'binary' }), fc.string({ maxLength: 20_000 }));
const contentType = fc.constantFrom('application/json', 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', 'text/plain', '', 'application/json; charset=utf-16');
const path = fc.constantFrom('/ResetCustomerPassword', '/ResetCustomerPassword.xml', '/json/reply/ResetCustomerPasswordRequest', '/xml/reply/resetcustomerpasswordrequest', '/api/ResetCustomerPasswordRequest');

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
    const bytes = fc.tuple(bom, fc.oneof(utf16, fc.oneof(jsonBody, xmlBody).map((text) => Buffer.from(text)), fc.uint8Array({ maxLength: 300 }).map((noise) => Buffer.from(noise))));
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
