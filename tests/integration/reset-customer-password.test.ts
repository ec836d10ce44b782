import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postJson, send, uniqueEmail } from './support/http';
import { allEmails, emailsTo, tokenFromEmail } from './support/inbox';
import { dynamodb, portalUrl, tableName } from './support/stack';
import { addCustomer, addressIn, allItems, tokenItemOf, unexpiredAt } from './support/table';

const seedRequest = readFileSync(join(__dirname, '../fixtures/seed-request.xml'), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const xmlRequest = (email: string, brand: string) =>
  seedRequest.replace('<CustomerBrandName>String</CustomerBrandName>', `<CustomerBrandName>${brand}</CustomerBrandName>`).replace('<Email>String</Email>', `<Email>${email}</Email>`);

describe('POST /ResetCustomerPassword', () => {
  it('accepts JSON, stores only the hash of the emailed token, with the brand lifetime', async () => {
    const email = uniqueEmail('json');

    const response = await postJson('/ResetCustomerPassword', { Email: email.toUpperCase() });

    expect(response.status).toBe(200);
    expect(response.body).toBe('{}');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const [message] = await emailsTo(email);
    const token = tokenFromEmail(message!);
    const item = await tokenItemOf('PumpAlarm', email);
    expect(item?.tokenHash?.S).toBe(sha256(token));
    expect(JSON.stringify(item)).not.toContain(token.split('.')[1]);
    // The address only sealed; the link's hour counted from its email's send.
    expect(addressIn(item!)).toBe(email);
    expect(JSON.stringify(item)).not.toContain(email.split('@')[0]);
    expect(Number(item!.expiresAt!.N) - Number(item!.handledAt!.N)).toBe(3600);
    expect(Math.abs(Number(item!.createdAt!.N) - Date.now() / 1000)).toBeLessThan(30);
  });

  it("sends the brand's email: its sender, replies to its support, HTML and text parts, the link and the expiry", async () => {
    const email = uniqueEmail('aqua');
    await addCustomer('AquaGuard', email);

    await postJson('/ResetCustomerPassword', { Email: email, CustomerBrandName: 'aquaguard' });

    const messages = await emailsTo(email);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    const token = tokenFromEmail(message!);
    expect(message!.from).toBe('"AquaGuard" <no-reply@aquaguard.example>');
    expect(message!.replyTo).toEqual(['support@aquaguard.example']);
    expect(message!.subject).toBe('Reset your AquaGuard password');
    expect(message!.body.text).toContain(`${portalUrl}/aquaguard/reset-password?token=${token}`);
    expect(message!.body.html).toContain(`href="${portalUrl}/aquaguard/reset-password?token=${token}"`);
    expect(message!.body.text).toContain('The link works once, for 30 minutes: until ');
    const item = await tokenItemOf('AquaGuard', email);
    expect(Number(item!.expiresAt!.N) - Number(item!.handledAt!.N)).toBe(1800);
  });

  it('accepts DataContract XML and answers in XML', async () => {
    const email = uniqueEmail('xml');
    await addCustomer('AquaGuard', email);

    const response = await send('POST', '/ResetCustomerPassword', xmlRequest(email, 'AquaGuard'), { 'Content-Type': 'application/xml', Accept: 'application/xml' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><ResetCustomerPasswordResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types" i:nil="true" /></ResetCustomerPasswordResponse>',
    );
    expect(await tokenItemOf('AquaGuard', email)).toBeDefined();
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("reads the seed page's sample byte for byte (text/xml) and reports both of its placeholder values", async () => {
    const response = await send('POST', '/ResetCustomerPassword', seedRequest, { 'Content-Type': 'text/xml', Accept: '*/*' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.body).toContain('<d2p1:ErrorCode>Email</d2p1:ErrorCode><d2p1:FieldName>Email</d2p1:FieldName>');
    expect(response.body).toContain('<d2p1:ErrorCode>UnknownBrand</d2p1:ErrorCode><d2p1:FieldName>CustomerBrandName</d2p1:FieldName>');
  });

  it('replaces the first token with the second, so only the newest link is live', async () => {
    const email = uniqueEmail('twice');

    await postJson('/ResetCustomerPassword', { Email: email });
    expect(await emailsTo(email)).toHaveLength(1);
    await postJson('/ResetCustomerPassword', { Email: email });

    const tokens = (await emailsTo(email)).map(tokenFromEmail);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    const items = (await allItems()).filter((item) => item.address?.B && addressIn(item) === email);
    expect(items).toHaveLength(1);
    expect(items[0]!.tokenHash!.S).toBe(sha256(tokens[1]!));
  });

  describe('bad input gets a 400 and changes nothing', () => {
    const xml = (inner: string, ns = 'http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration') =>
      `<ResetCustomerPasswordRequest xmlns="${ns}">${inner}</ResetCustomerPasswordRequest>`;
    const cases: Array<[string, string, string, string]> = [
      ['a missing Email', 'application/json', '{"CustomerBrandName":"PumpAlarm"}', 'NotEmpty'],
      ['an empty Email', 'application/json', '{"Email":""}', 'NotEmpty'],
      ['an empty body', 'application/json', '', 'NotEmpty'],
      ['a malformed address', 'application/json', '{"Email":"bad-input.example.com"}', 'Email'],
      ['an address with a header injection', 'application/json', '{"Email":"bad@example.com\\r\\nBcc: x@example.com"}', 'Email'],
      ['an unknown brand', 'application/json', '{"Email":"bad-brand@example.com","CustomerBrandName":"Nope"}', 'UnknownBrand'],
      ['malformed JSON', 'application/json', '{"Email":"bad-json@example.com"', 'SerializationException'],
      ['malformed XML', 'application/xml', xml('<Email>bad-xml@example.com</Email'), 'SerializationException'],
      ['a wrong XML root', 'application/xml', '<Reset xmlns="x"><Email>bad-root@example.com</Email></Reset>', 'SerializationException'],
      ['a wrong XML namespace', 'application/xml', xml('<Email>bad-ns@example.com</Email>', 'urn:other'), 'SerializationException'],
      ['an XML entity attack', 'application/xml', `<!DOCTYPE r [<!ENTITY a "bad-dtd@example.com">]>${xml('<Email>&a;</Email>')}`, 'SerializationException'],
    ];

    it.each(cases)('%s', async (_case, contentType, body, errorCode) => {
      const itemsBefore = await allItems();
      const emailsBefore = await allEmails();

      const response = await send('POST', '/ResetCustomerPassword', body, { 'Content-Type': contentType, Accept: 'application/json' });

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).ResponseStatus.ErrorCode).toBe(errorCode);
      // DynamoDB Local's TTL may remove an item that expired meanwhile (rate-limit items live a
      // window): compare what is still live.
      const live = unexpiredAt(Math.ceil(Date.now() / 1000) + 1);
      expect(live(await allItems())).toEqual(live(itemsBefore));
      expect(await allEmails()).toHaveLength(emailsBefore.length);
    });
  });

  it('answers a CORS preflight', async () => {
    const response = await send('OPTIONS', '/ResetCustomerPassword', undefined, { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'POST' });

    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('runs against a table whose expiry attribute is its TTL attribute', async () => {
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});
