import { AccountSendingPausedException } from '@aws-sdk/client-ses';
import { TokenError, ValidationError } from '../../../lib/errors';
import { completePasswordReset } from '../../../lib/reset/complete-password-reset';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { verifyResetToken } from '../../../lib/reset/verify-reset-token';
import { anyone, deliverAll, deliverQueued, resetDeps, tokenInLink } from '../fakes';

const START = Date.UTC(2026, 10, 28, 12, 0, 0);

/** A customer who asked for a reset: the shared store, mailer and clock, and the token from the email. */
async function afterResetRequest(email = 'jane@example.com', extra: Record<string, string> = {}) {
  const deps = resetDeps(START);
  const { tokens, mailer, clock } = deps;
  await requestPasswordReset({ Email: email, ...extra }, anyone, deps);
  await deliverQueued(deps);
  const token = tokenInLink(mailer.sent[0]!.text);
  return { tokens, mailer, clock, deps, token };
}

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError || error instanceof ValidationError) return error.errorCode;
    throw error;
  }
  return 'ok';
};

describe('verifyResetToken', () => {
  it('answers brand, masked address and expiry without using the token up', async () => {
    const { deps, token } = await afterResetRequest();

    const first = await verifyResetToken({ Token: token }, deps);
    const second = await verifyResetToken({ Token: token }, deps);

    expect(first).toEqual({ brand: 'PumpAlarm', maskedEmail: 'j***@example.com', expiresAt: '2026-11-28T13:00:00.000Z' });
    expect(second).toEqual(first);
  });

  it('reads an unknown, malformed or tampered token as TokenNotFound', async () => {
    const { deps, token } = await afterResetRequest();
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    expect(await codeOf(verifyResetToken({ Token: tampered }, deps))).toBe('TokenNotFound');
    expect(await codeOf(verifyResetToken({ Token: 'not-a-token' }, deps))).toBe('TokenNotFound');
    expect(await codeOf(verifyResetToken({ Token: `${'A'.repeat(22)}.${'B'.repeat(43)}` }, deps))).toBe('TokenNotFound');
    expect(await codeOf(verifyResetToken({}, deps))).toBe('NotEmpty');
  });

  it('reads a token replaced by a newer request as TokenNotFound', async () => {
    const { deps, token, mailer, clock } = await afterResetRequest();
    clock.advance(60);
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    await deliverAll(deps);

    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('TokenNotFound');
    expect(await codeOf(verifyResetToken({ Token: tokenInLink(mailer.sent[1]!.text) }, deps))).toBe('ok');
  });

  it('ends every link made under an earlier customer-id key version once the key is rotated', async () => {
    const { deps, token } = await afterResetRequest();
    const rotated = { ...deps, keyVersion: '2' };

    expect(await codeOf(verifyResetToken({ Token: token }, rotated))).toBe('TokenNotFound');
    expect(await codeOf(completePasswordReset({ Token: token }, undefined, rotated))).toBe('TokenNotFound');
    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('ok');
  });

  it('reads a tagged address of the same mailbox as the same customer: its newer request ends the older link', async () => {
    const { deps, token, mailer, clock } = await afterResetRequest('jane+1@example.com');
    clock.advance(60);
    await requestPasswordReset({ Email: 'Jane+2@Example.com' }, anyone, deps);
    await deliverAll(deps);

    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('TokenNotFound');
    await expect(completePasswordReset({ Token: tokenInLink(mailer.sent[1]!.text) }, undefined, deps)).resolves.toEqual({ brand: 'PumpAlarm', email: 'jane+2@example.com' });
  });

  it("starts a link's lifetime when its email leaves, not when it was asked for", async () => {
    const deps = resetDeps(START);
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    // SES was down for ten minutes: the email leaves late, and its link lives its whole hour from then.
    deps.clock.advance(600);
    await deliverQueued(deps);
    const token = tokenInLink(deps.mailer.sent[0]!.text);

    expect(deps.mailer.sent[0]!.text).toContain('until Nov 28, 2026 at 1:10 PM UTC');
    expect(await verifyResetToken({ Token: token }, deps)).toMatchObject({ expiresAt: '2026-11-28T13:10:00.000Z' });
    deps.clock.advance(3600);
    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('TokenExpired');
  });

  it('refuses a token at its expiry, whatever TTL has deleted or not', async () => {
    const { deps, token, clock } = await afterResetRequest();
    clock.advance(3599);
    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('ok');
    clock.advance(1);
    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('TokenExpired');
    expect(await codeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenExpired');
  });
});

describe('completePasswordReset', () => {
  it('redeems once, answers brand and full address, then reads TokenUsed', async () => {
    const { deps, token } = await afterResetRequest('Jane@Example.com');

    expect(await completePasswordReset({ Token: token }, undefined, deps)).toEqual({ brand: 'PumpAlarm', email: 'jane@example.com' });
    expect(await codeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenUsed');
    expect(await codeOf(verifyResetToken({ Token: token }, deps))).toBe('TokenUsed');
  });

  it('lets exactly one of many concurrent redeemers win', async () => {
    const { deps, token } = await afterResetRequest();

    const results = await Promise.all(Array.from({ length: 20 }, () => codeOf(completePasswordReset({ Token: token }, undefined, deps))));

    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'TokenUsed')).toHaveLength(19);
  });

  it('notifies the customer in the language of the reset email unless asked for another', async () => {
    const { deps, token, mailer } = await afterResetRequest('jane@example.com', { Locale: 'de' });

    await completePasswordReset({ Token: token }, undefined, deps);
    expect(mailer.sent).toHaveLength(1);
    await deliverQueued(deps);

    const notice = mailer.sent[1]!;
    expect(notice.to).toBe('jane@example.com');
    expect(notice.subject).toBe('Ihr Link zum Zurücksetzen des PumpAlarm-Passworts wurde verwendet');
    expect(notice).toMatchObject({ replyTo: 'support@pumpalarm.com', tags: { brand: 'PumpAlarm', emailKind: 'password-changed' } });
    expect(notice.text).toContain('http://localhost:8080');
    expect(notice.text).toContain('support@pumpalarm.com');
    expect(notice.text).not.toContain('token=');
  });

  it('writes the notice in the language the redeeming request asks for', async () => {
    const { deps, token, mailer } = await afterResetRequest();

    await completePasswordReset({ Token: token }, 'de-CH, en;q=0.5', deps);
    await deliverQueued(deps);

    expect(mailer.sent[1]!.subject).toBe('Ihr Link zum Zurücksetzen des PumpAlarm-Passworts wurde verwendet');
  });

  it('completes whatever SES does: the notice waits on the item until it can go out', async () => {
    const { deps, token, mailer } = await afterResetRequest();
    mailer.sendEmail.mockRejectedValueOnce(new AccountSendingPausedException({ message: 'Sending is paused for this account', $metadata: {} }));

    expect(await completePasswordReset({ Token: token }, 'en', deps)).toEqual({ brand: 'PumpAlarm', email: 'jane@example.com' });
    await expect(deliverQueued(deps)).rejects.toBeInstanceOf(AccountSendingPausedException);
    await deliverQueued(deps);
    expect(mailer.sent.map((message) => message.tags.emailKind)).toEqual(['reset-password', 'password-changed']);
  });
});
