import { encodeXmlRequest } from '../../lib/wire/xml';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { send as sendRaw, uniqueEmail } from './support/http';
import { allEmails, emailsTo } from './support/inbox';

/**
 * Request bodies as raw bytes through HTTP, the way .NET and other clients send them, on the path
 * local requests take: serverless offline (like API Gateway for a text body) hands the function
 * a string it decoded as UTF-8 itself. Deployed, API Gateway passes the bytes (binaryMediaTypes).
 */
const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => utf16le(text).swap16();
const bodyOf = {
  json: (email: string) => JSON.stringify({ Email: email }),
  form: (email: string) => new URLSearchParams({ Email: email }).toString(),
  xml: (email: string) => encodeXmlRequest(resetCustomerPassword, { Email: email }),
};
const contentTypeOf = { json: 'application/json', form: 'application/x-www-form-urlencoded', xml: 'application/xml' };
/** Answers in JSON whatever the body's format (fetch's own Accept, `*\/*`, would answer XML bodies in XML). */
const send = (method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>) =>
  sendRaw(method, path, body, { Accept: 'application/json', ...headers });
const statusOf = (body: string) => (JSON.parse(body) as { ResponseStatus: { ErrorCode: string; Message: string; Errors: unknown[] } }).ResponseStatus;

describe('request bodies as bytes', () => {
  it.each(['json', 'form', 'xml'] as const)('ignores a UTF-8 byte-order mark before a %s body', async (format) => {
    const email = uniqueEmail(`bom-${format}`);

    const response = await send('POST', '/ResetCustomerPassword', Buffer.concat([BOM_UTF8, Buffer.from(bodyOf[format](email))]), { 'Content-Type': contentTypeOf[format] });

    expect([response.status, response.body]).toEqual([200, '{}']);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it.each(['json', 'form', 'xml'] as const)('refuses invalid UTF-8 in a %s body with a SerializationException that says so, sending nothing', async (format) => {
    const email = uniqueEmail(`invalid-${format}`);
    const [before, after] = bodyOf[format](email).split('@') as [string, string];

    const response = await send('POST', '/ResetCustomerPassword', Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(`@${after}`)]), {
      'Content-Type': contentTypeOf[format],
    });

    expect(response.status).toBe(400);
    expect(statusOf(response.body)).toEqual({ ErrorCode: 'SerializationException', Message: 'The request body is not valid UTF-8', Errors: [] });
    const label = email.split('@')[0]!;
    expect((await allEmails()).filter((message) => message.destination.to.some((to) => to.includes(label)))).toHaveLength(0);
  });

  // serverless offline 14.8.2 ignores binaryMediaTypes and decodes every text body as UTF-8: a UTF-16
  // body's bytes are gone before the function runs, so locally it is a 415 naming UTF-16 (deployed,
  // API Gateway passes the bytes and it is decoded: tests/unit/http.test.ts).
  it.each([
    ['UTF-16LE JSON with a byte-order mark', utf16le(bodyOf.json('utf16@example.com')), 'application/json'],
    ['UTF-16BE XML with a byte-order mark', utf16be(bodyOf.xml('utf16@example.com')), 'application/xml'],
    ['UTF-16 declared by charset', Buffer.from(bodyOf.json('utf16@example.com'), 'utf16le'), 'application/json; charset=utf-16'],
  ])('answers %s, which arrives here already decoded, with a 415 naming UTF-16', async (_case, bytes, contentType) => {
    const response = await send('POST', '/ResetCustomerPassword', bytes, { 'Content-Type': contentType });

    expect(response.status).toBe(415);
    expect(statusOf(response.body)).toEqual({ ErrorCode: 'UnsupportedMediaType', Message: expect.stringContaining('UTF-16'), Errors: [] });
  });

  it('refuses a charset it cannot decode with a 415 naming it', async () => {
    const response = await send('POST', '/ResetCustomerPassword', Buffer.from(bodyOf.json(uniqueEmail('latin1')), 'latin1'), {
      'Content-Type': 'application/json; charset=iso-8859-1',
    });

    expect(response.status).toBe(415);
    expect(statusOf(response.body).Message).toBe("The charset 'iso-8859-1' is not supported; send UTF-8 or UTF-16");
  });

  it('says what was wrong with malformed JSON, without quoting the body', async () => {
    const email = uniqueEmail('malformed');
    const response = await send('POST', '/ResetCustomerPassword', `{"Email":"${email}",}`, { 'Content-Type': 'application/json' });

    expect(response.status).toBe(400);
    expect(statusOf(response.body)).toEqual({
      ErrorCode: 'SerializationException',
      Message: `Could not deserialize 'application/json' request using ResetCustomerPasswordRequest: expected double-quoted property name at character ${email.length + 13}`,
      Errors: [],
    });
  });
});

describe('a field given twice: the last value wins, in every format and the query string', () => {
  const twice = (first: string, last: string) => ({
    'JSON, two cases of a key': { body: `{"EMAIL":"${first}","email":"${last}"}`, contentType: 'application/json', query: '' },
    'a form, the same name twice': { body: `Email=${encodeURIComponent(first)}&Email=${encodeURIComponent(last)}`, contentType: 'application/x-www-form-urlencoded', query: '' },
    'XML, the same element twice': {
      body: encodeXmlRequest(resetCustomerPassword, { Email: first }).replace('</ResetCustomerPasswordRequest>', `<Email>${last}</Email></ResetCustomerPasswordRequest>`),
      contentType: 'application/xml',
      query: '',
    },
    'the query string, the same name twice': { body: undefined, contentType: 'application/json', query: `?Email=${encodeURIComponent(first)}&email=${encodeURIComponent(last)}` },
  });

  it.each(Object.keys(twice('', '')))('%s', async (name) => {
    const [first, last] = [uniqueEmail('twice-first'), uniqueEmail('twice-last')];
    const request = twice(first, last)[name as keyof ReturnType<typeof twice>];

    const response = await send('POST', `/ResetCustomerPassword${request.query}`, request.body, { 'Content-Type': request.contentType });

    expect(response.status).toBe(200);
    expect([(await emailsTo(first)).length, (await emailsTo(last)).length]).toEqual([0, 1]);
  });

  it('lets the query override the body on the custom route, and only fill gaps on predefined routes', async () => {
    const [custom, predefined] = ['/ResetCustomerPassword', '/json/reply/ResetCustomerPasswordRequest'];
    const emails = { customBody: uniqueEmail('q-custom-body'), customQuery: uniqueEmail('q-custom-query'), predefinedBody: uniqueEmail('q-pre-body'), predefinedQuery: uniqueEmail('q-pre-query') };

    await send('POST', `${custom}?Email=${encodeURIComponent(emails.customQuery)}`, JSON.stringify({ Email: emails.customBody }), { 'Content-Type': 'application/json' });
    await send('POST', `${predefined}?Email=${encodeURIComponent(emails.predefinedQuery)}`, JSON.stringify({ Email: emails.predefinedBody }), { 'Content-Type': 'application/json' });

    const counts = await Promise.all(Object.values(emails).map(async (email) => (await emailsTo(email)).length));
    expect(counts).toEqual([0, 1, 1, 0]);
  });
});
