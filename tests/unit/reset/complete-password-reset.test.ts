import { TokenError } from '../../../lib/errors';
import { logger } from '../../../lib/observability';
import { completePasswordReset } from '../../../lib/reset/complete-password-reset';
import { hashToken } from '../../../lib/reset/token';
import type { ResetTokenRecord } from '../../../lib/ports';
import { customerIdOf, deliverQueued, devBrands, fixedClock, InMemoryTokenStore, KEY_VERSION, linkTokenOf, RecordingMailer, resetDeps } from '../fakes';

const NOW_SECONDS = Date.UTC(2026, 10, 28, 12, 0, 0) / 1000;

/** A store holding one live token of `brand` for jane@example.com, and the token itself. */
function storeWithToken(brand = 'PumpAlarm') {
  const customerId = customerIdOf(brand.toLowerCase(), 'jane@example.com');
  const nonce = 'n'.repeat(43);
  const token = linkTokenOf(customerId, nonce);
  const record: ResetTokenRecord = {
    customerId,
    brand,
    email: 'jane@example.com',
    nonce,
    tokenHash: hashToken(token),
    locale: 'en',
    createdAt: NOW_SECONDS - 60,
    expiresAt: NOW_SECONDS + 3540,
    keyVersion: KEY_VERSION,
    handledAt: NOW_SECONDS - 59,
  };
  const tokens = new InMemoryTokenStore();
  tokens.items.set(customerId, record);
  const mailer = new RecordingMailer();
  const deps = { ...resetDeps(NOW_SECONDS * 1000), brands: devBrands, tokens, mailer, clock: fixedClock(NOW_SECONDS * 1000), keyVersion: KEY_VERSION };
  return { token, record, tokens, mailer, deps };
}

const errorCodeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).errorCode;
};

afterEach(() => jest.restoreAllMocks());

describe('completePasswordReset', () => {
  it('redeems at the second the clock reads, queues the notice, and the sender tells the customer when, from the brand, in the stored language', async () => {
    const { token, tokens, mailer, deps } = storeWithToken();

    await completePasswordReset({ Token: token }, 'fr', deps);

    expect(tokens.consumeResetToken).toHaveBeenCalledWith(customerIdOf('pumpalarm', 'jane@example.com'), hashToken(token), NOW_SECONDS, KEY_VERSION, { locale: undefined, acceptLanguage: 'fr' });
    expect(mailer.sent).toHaveLength(0);
    await deliverQueued(deps);
    expect(mailer.sent).toHaveLength(1);
    const [notice] = mailer.sent;
    expect(notice).toMatchObject({ from: { name: 'PumpAlarm', address: 'no-reply@pumpalarm.com' }, to: 'jane@example.com' });
    expect(notice!.text).toContain('Nov 28, 2026 at 12:00 PM UTC');
  });

  it("links the notice to the portal's origin, not to the reset page", async () => {
    const { token, mailer, deps } = storeWithToken();

    await completePasswordReset({ Token: token }, undefined, deps);
    await deliverQueued(deps);

    expect(mailer.sent[0]!.text).toContain('http://localhost:8080');
    expect(mailer.sent[0]!.text).not.toContain('/pumpalarm/reset-password');
  });

  it('answers TokenUsed when another redeemer won the write between its condition and the read', async () => {
    const { token, record, tokens, mailer, deps } = storeWithToken();
    // The conditional write failed, yet the record read back is still live: the winner's write is
    // not visible yet. Only the winner may set the password.
    tokens.consumeResetToken.mockResolvedValueOnce({ consumed: false, record });

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenUsed');
    expect(mailer.sent).toHaveLength(0);
  });

  it.each([
    ['used', { usedAt: NOW_SECONDS - 1 }, 'TokenUsed'],
    ['expired', { expiresAt: NOW_SECONDS }, 'TokenExpired'],
    ['replaced by a newer token', { tokenHash: hashToken('another token') }, 'TokenNotFound'],
  ])('answers a %s token with %s and sends nothing', async (_case, change, expected) => {
    const { token, record, tokens, mailer, deps } = storeWithToken();
    tokens.items.set(record.customerId, { ...record, ...change });

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe(expected);
    expect(mailer.sent).toHaveLength(0);
  });

  it('answers TokenNotFound when the token names nobody', async () => {
    const { token, record, tokens, deps } = storeWithToken();
    tokens.items.delete(record.customerId);

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenNotFound');
  });

  it('answers TokenNotFound for the token of a brand the stage no longer has, and says so in the log', async () => {
    const { token, mailer, deps } = storeWithToken('RetiredBrand');
    const warn = jest.spyOn(logger, 'warn');

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenNotFound');
    expect(mailer.sent).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('token of a brand no longer configured', { brand: 'RetiredBrand' });
  });
});
