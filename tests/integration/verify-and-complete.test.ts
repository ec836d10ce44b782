import { postJson, send, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { complete, errorCodeOf, requestReset, verify } from './support/reset';
import { addCustomer, allItems, backdateExpiry, setAttribute, tokenItemOf } from './support/table';

describe('the whole reset: request, verify, complete', () => {
  it('verifies without consuming, completes once, refuses the second time and notifies the customer', async () => {
    const email = uniqueEmail('flow');
    const token = await requestReset(email);

    const verified = await verify(token);
    const verifiedAgain = await verify(token);
    expect(verified.status).toBe(200);
    expect(JSON.parse(verified.body)).toEqual({
      CustomerBrandName: 'PumpAlarm',
      MaskedEmail: `${email[0]}***@example.com`,
      ExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });
    expect(verifiedAgain.body).toBe(verified.body);

    const completed = await complete(token);
    expect(completed.status).toBe(200);
    expect(JSON.parse(completed.body)).toEqual({ CustomerBrandName: 'PumpAlarm', Email: email });

    const second = await complete(token);
    expect(second.status).toBe(400);
    expect(errorCodeOf(second.body)).toBe('TokenUsed');
    expect(JSON.parse(second.body).ResponseStatus.Errors).toEqual([]);
    expect(errorCodeOf((await verify(token)).body)).toBe('TokenUsed');

    const messages = await emailsTo(email);
    expect(messages.map((m) => m.subject)).toEqual(['Reset your PumpAlarm password', 'Your PumpAlarm password reset link was used']);
    expect(messages[1]!.body.text).toContain('If it was not you');
  });

  it('kills the older link when a newer one is requested', async () => {
    const email = uniqueEmail('newer');
    const older = await requestReset(email);
    const newer = await requestReset(email);

    expect(errorCodeOf((await verify(older)).body)).toBe('TokenNotFound');
    expect(errorCodeOf((await complete(older)).body)).toBe('TokenNotFound');
    expect((await complete(newer)).status).toBe(200);
  });

  it('ends a link made under an earlier customer-id key version: a rotated key revokes outstanding links', async () => {
    const email = uniqueEmail('rotated');
    const token = await requestReset(email);
    // The stack runs key version 1; the record now reads as one made before the key was rotated to it.
    await setAttribute('PumpAlarm', email, 'keyVersion', { S: '0' });

    const verified = await verify(token);
    const completed = await complete(token);

    expect([verified.status, errorCodeOf(verified.body)]).toEqual([400, 'TokenNotFound']);
    expect([completed.status, errorCodeOf(completed.body)]).toEqual([400, 'TokenNotFound']);
    expect((await tokenItemOf('PumpAlarm', email))?.usedAt).toBeUndefined();
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("keeps one live link per mailbox: a request for another +tag of it ends the older link, and mails the address typed", async () => {
    const email = uniqueEmail('tagged');
    const [local, domain] = email.split('@');
    const first = await requestReset(`${local}+one@${domain}`);
    const second = await requestReset(`${local}+two@${domain}`);

    expect(errorCodeOf((await verify(first)).body)).toBe('TokenNotFound');
    const completed = await complete(second);
    expect(JSON.parse(completed.body)).toEqual({ CustomerBrandName: 'PumpAlarm', Email: `${local}+two@${domain}` });
  });

  it('refuses an expired token that TTL has not deleted yet, and never consumes it', async () => {
    const email = uniqueEmail('expired');
    const token = await requestReset(email);
    await backdateExpiry('PumpAlarm', email, Math.floor(Date.now() / 1000) - 5);

    const expired = await verify(token);
    expect(errorCodeOf(expired.body)).toBe('TokenExpired');
    expect(JSON.parse(expired.body).ResponseStatus.Errors).toEqual([]);
    expect(errorCodeOf((await complete(token)).body)).toBe('TokenExpired');
    expect((await tokenItemOf('PumpAlarm', email))?.usedAt).toBeUndefined();
  });

  it('lets exactly one of 20 concurrent completes win', async () => {
    const email = uniqueEmail('race');
    const token = await requestReset(email);

    const responses = await Promise.all(Array.from({ length: 20 }, () => complete(token)));

    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 400).map((r) => errorCodeOf(r.body))).toEqual(Array(19).fill('TokenUsed'));
    expect((await emailsTo(email)).filter((m) => m.subject.includes('link was used'))).toHaveLength(1);
  });

  it('answers an unknown or malformed token with TokenNotFound, in XML on the XML routes', async () => {
    const response = await send(
      'POST',
      '/xml/reply/VerifyCustomerPasswordResetTokenRequest',
      '<VerifyCustomerPasswordResetTokenRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Token>nope</Token></VerifyCustomerPasswordResetTokenRequest>',
      { 'Content-Type': 'application/xml' },
    );
    expect(response.status).toBe(400);
    expect(response.body).toContain('<CustomerBrandName i:nil="true" /><ExpiresAt i:nil="true" /><MaskedEmail i:nil="true" /><ResponseStatus');
    expect(response.body).toContain('<d2p1:ErrorCode>TokenNotFound</d2p1:ErrorCode>');
    expect(response.body).toContain('<d2p1:Errors />');
  });

  it('keeps the address out of the link and the token out of the table', async () => {
    const email = uniqueEmail('privacy');
    const token = await requestReset(email);

    expect(token).not.toContain(email.split('@')[0]);
    expect(JSON.stringify(await allItems())).not.toContain(token.split('.')[1]);
  });
});

describe('localised emails', () => {
  it('writes both emails in German when the request says Locale de', async () => {
    const email = uniqueEmail('de');
    const token = await requestReset(email, { Locale: 'de' });
    await complete(token);

    const messages = await emailsTo(email);
    expect(messages.map((m) => m.subject)).toEqual(['Ihr PumpAlarm-Passwort zurücksetzen', 'Ihr Link zum Zurücksetzen des PumpAlarm-Passworts wurde verwendet']);
    expect(messages[0]!.body.html).toContain('<html lang="de">');
  });

  it('follows Accept-Language, and writes English by default', async () => {
    const german = uniqueEmail('accept-de');
    const english = uniqueEmail('accept-en');
    await requestReset(german, {}, { 'Accept-Language': 'fr-CH, de;q=0.9' });
    await requestReset(english, {}, { 'Accept-Language': 'fr' });

    expect((await emailsTo(german))[0]!.subject).toBe('Ihr PumpAlarm-Passwort zurücksetzen');
    expect((await emailsTo(english))[0]!.subject).toBe('Reset your PumpAlarm password');
  });
});

describe('customer directory (AquaGuard looks addresses up in the customers table)', () => {
  it('sends a link to a customer and nothing to a stranger, answering both identically', async () => {
    const customer = uniqueEmail('customer');
    const stranger = uniqueEmail('stranger');
    await addCustomer('AquaGuard', customer);

    const known = await postJson('/ResetCustomerPassword', { Email: customer, CustomerBrandName: 'AquaGuard' });
    const unknown = await postJson('/ResetCustomerPassword', { Email: stranger, CustomerBrandName: 'AquaGuard' });

    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
    const headersOf = (r: typeof known) => [...r.headers.entries()].filter(([name]) => !['date'].includes(name));
    expect(headersOf(unknown)).toEqual(headersOf(known));
    expect(await emailsTo(customer)).toHaveLength(1);
    expect(await emailsTo(stranger)).toHaveLength(0);
    // The stranger's request stored an item like a customer's (whose link was never mailed).
    const [strangers, customers] = [await tokenItemOf('AquaGuard', stranger), await tokenItemOf('AquaGuard', customer)];
    expect(strangers && Object.keys(strangers).sort()).toEqual(customers && Object.keys(customers).sort());
  });
});
