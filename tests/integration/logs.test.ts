import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { postJson, send, uniqueEmail } from './support/http';
import { allEmails, emailsTo, tokenFromEmail } from './support/inbox';
import { logFile } from './support/stack';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('logs', () => {
  it('never hold a token, a token hash, a full address or a raw body, but one masked line per request', async () => {
    const email = uniqueEmail('logged');
    await postJson('/ResetCustomerPassword', { Email: email });
    const token = tokenFromEmail((await emailsTo(email))[0]!);
    await postJson('/VerifyCustomerPasswordResetToken', { Token: token });
    await postJson('/CompleteCustomerPasswordReset', { Token: token });
    await postJson('/CompleteCustomerPasswordReset', { Token: token });
    await send('POST', '/ResetCustomerPassword', `{"Email":"${email}","x":`, { 'Content-Type': 'application/json' });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const log = readFileSync(logFile, 'utf8');
    // Every address and token this run has emailed, by this file and every file before it.
    const emails = await allEmails();
    const addresses = new Set(emails.flatMap((m) => m.destination.to));
    const tokens = new Set(emails.flatMap((m) => (/[?&]token=/.test(m.body.text ?? '') ? [tokenFromEmail(m)] : [])));
    expect(addresses.size).toBeGreaterThan(0);
    expect(tokens.size).toBeGreaterThan(0);
    for (const address of addresses) expect(log).not.toContain(address);
    for (const value of tokens) {
      expect(log).not.toContain(value);
      expect(log).not.toContain(value.split('.')[1]);
      expect(log).not.toContain(sha256(value));
    }
    expect(log).not.toContain('"x":');

    const requestLines = log.split('\n').filter((line) => line.startsWith('{') && line.includes('"message":"request"'));
    const masked = `${email[0]}***@example.com`;
    const ours = requestLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.email === masked);
    expect(ours.map((entry) => [entry.operation, entry.status])).toEqual(
      expect.arrayContaining([
        ['ResetCustomerPasswordRequest', 200],
        ['VerifyCustomerPasswordResetTokenRequest', 200],
        ['CompleteCustomerPasswordResetRequest', 200],
      ]),
    );
    expect(ours.every((entry) => typeof entry.latencyMs === 'number' && typeof entry.requestId === 'string')).toBe(true);
  });
});
