import { randomUUID } from 'node:crypto';
import { addressTable } from '../fixtures/address-table';
import { postJson } from './support/http';
import { emailsTo, tokenFromEmail } from './support/inbox';
import { addressIn, tokenItemOf } from './support/table';

const rows = addressTable();
const verify = (token: string) => postJson('/VerifyCustomerPasswordResetToken', { Token: token });
const fieldErrorsOf = (body: string) => (JSON.parse(body) as { ResponseStatus: { Errors: unknown[] } }).ResponseStatus.Errors;

describe('the address table of docs/api.md, through HTTP', () => {
  it.each(rows.map((row) => [JSON.stringify(row.typed), row] as const))('%s', async (_name, row) => {
    const response = await postJson('/ResetCustomerPassword', { Email: row.typed });

    if (row.outcome === 'accepted') {
      expect(response.status).toBe(200);
      expect(response.body).toBe('{}');
      const messages = await emailsTo(row.sentTo);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.destination.to).toEqual([row.sentTo]);
    } else {
      expect(response.status).toBe(400);
      expect(fieldErrorsOf(response.body)).toEqual([{ ErrorCode: row.errorCode, FieldName: 'Email', Message: row.message }]);
    }
  });
});

describe('a Unicode domain', () => {
  it('is stored and handed back in the punycode form the email went to', async () => {
    const local = `idna-${randomUUID().slice(0, 8)}`;
    await postJson('/ResetCustomerPassword', { Email: `${local}@ÜBER.example` });

    const [message] = await emailsTo(`${local}@xn--ber-goa.example`);
    const item = await tokenItemOf('PumpAlarm', `${local}@ÜBER.example`);
    expect(addressIn(item!)).toBe(`${local}@xn--ber-goa.example`);
    const completed = await postJson('/CompleteCustomerPasswordReset', { Token: tokenFromEmail(message!) });
    expect(JSON.parse(completed.body)).toEqual({ CustomerBrandName: 'PumpAlarm', Email: `${local}@xn--ber-goa.example` });
  });
});

describe("look-alike addresses never reach another customer's token", () => {
  it('a look-alike domain gets a key and an email of its own; one UTS-46 maps to the same letter mails the customer', async () => {
    const local = `victim-${randomUUID().slice(0, 8)}`;
    const victim = `${local}@kite.example`;
    await postJson('/ResetCustomerPassword', { Email: victim });
    const [first] = await emailsTo(victim);
    const victimToken = tokenFromEmail(first!);

    // Dotless i and Cyrillic і: other domains, other keys. The victim's link stays the live one.
    for (const [typed, sentTo] of [
      [`${local}@kıte.example`, `${local}@xn--kte-jua.example`],
      [`${local}@kіte.example`, `${local}@xn--kte-jhd.example`],
    ] as const) {
      expect((await postJson('/ResetCustomerPassword', { Email: typed })).status).toBe(200);
      expect(await emailsTo(sentTo)).toHaveLength(1);
    }
    expect((await verify(victimToken)).status).toBe(200);
    expect(await emailsTo(victim)).toHaveLength(1);

    // Look-alikes in the local part are refused; nothing is sent or replaced.
    for (const typed of [`${local.replace('v', 'ｖ')}@kite.example`, `${local.replace('i', 'і')}@kite.example`]) {
      expect((await postJson('/ResetCustomerPassword', { Email: typed })).status).toBe(400);
    }
    expect((await verify(victimToken)).status).toBe(200);

    // The Kelvin sign is the letter k (UTS-46): the same mailbox, so the email goes to the victim.
    expect((await postJson('/ResetCustomerPassword', { Email: `${local}@\u212aite.example` })).status).toBe(200);
    expect(await emailsTo(victim)).toHaveLength(2);
  });
});
