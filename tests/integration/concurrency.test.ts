import { postJson, uniqueEmail } from './support/http';
import { allEmails, emailsTo, tokenFromEmail } from './support/inbox';

const verify = (token: string) => postJson('/VerifyCustomerPasswordResetToken', { Token: token });
const errorCodeOf = (body: string): string | undefined => JSON.parse(body).ResponseStatus?.ErrorCode;

/**
 * The email promises "only the newest link we sent works". Each request replaces the mailbox's item,
 * and the sender mails an item only while it still holds that request (send-queued-email.ts), so the
 * last email to leave carries the live link however the requests interleave, and a request replaced
 * before the sender reached it is not mailed at all. Every request is accepted (a mailbox's limits
 * pace its emails, they refuse nothing). Of the six, the emails the sender reached before a newer
 * request replaced the item leave at once, at most the test stack's 3 a minute per mailbox; if the
 * newest is held back by that limit, it follows when the minute allows: one to four emails in all.
 */
describe('one live link per mailbox under concurrency', () => {
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))('round %i: of six parallel requests, the newest email carries the live link and every other link is dead', async () => {
    const [local, domain] = uniqueEmail('race').split('@');
    // The same mailbox typed six ways: tags do not open a second live link.
    const addresses = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? `${local}@${domain}` : `${local}+${i}@${domain}`));

    const responses = await Promise.all(addresses.map((Email) => postJson('/ResetCustomerPassword', { Email })));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // In the order SES accepted them (the inbox keeps that order).
    const emails = (await allEmails()).filter((email) => addresses.some((address) => email.destination.to.includes(address)));
    expect(emails.length).toBeGreaterThanOrEqual(1);
    expect(emails.length).toBeLessThanOrEqual(4);
    const states = [];
    for (const email of emails) states.push(errorCodeOf((await verify(tokenFromEmail(email))).body) ?? 'live');
    expect(states).toEqual([...Array(emails.length - 1).fill('TokenNotFound'), 'live']);
    // A newest email held back by the mailbox's limit comes after the stack's minute.
  }, 90_000);

  it('answers a stranger of a directory brand alike under the same race', async () => {
    const stranger = uniqueEmail('race-stranger');
    const responses = await Promise.all(Array.from({ length: 6 }, () => postJson('/ResetCustomerPassword', { Email: stranger, CustomerBrandName: 'AquaGuard' })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await emailsTo(stranger)).toHaveLength(0);
  });
});
