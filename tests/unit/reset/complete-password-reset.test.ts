import { TokenError } from '../../../lib/errors';
import { logger } from '../../../lib/observability';
import { completePasswordReset } from '../../../lib/reset/complete-password-reset';
import { hashToken } from '../../../lib/reset/token';
import type { CustomerDirectory, ResetTokenRecord } from '../../../lib/ports';
import { customerIdOf, deliverQueued, devBrands, directoryOf, fixedClock, InMemoryTokenStore, KEY_VERSION, linkTokenOf, RecordingMailer, resetDeps } from '../fakes';

const NOW_SECONDS = Date.UTC(2026, 10, 28, 12, 0, 0) / 1000;

/**
 * A store holding one live token of `brand` for jane@example.com, and the token itself; `directory`
 * is every brand's directory (none: every address is a customer).
 */
function storeWithToken(brand = 'PumpAlarm', directory?: CustomerDirectory) {
  const customerId = customerIdOf(brand.toLowerCase(), 'jane@example.com');
  const nonce = 'n'.repeat(43);
  const token = linkTokenOf(customerId, nonce);
  const record: ResetTokenRecord = {
    customerId,
    brand,
    email: 'jane@example.com',
    nonce,
    tokenHash: hashToken(token),
    language: { locale: 'en' },
    createdAt: NOW_SECONDS - 60,
    expiresAt: NOW_SECONDS + 3540,
    keyVersion: KEY_VERSION,
    handledAt: NOW_SECONDS - 59,
  };
  const tokens = new InMemoryTokenStore();
  tokens.items.set(customerId, record);
  const mailer = new RecordingMailer();
  const deps = { ...resetDeps(NOW_SECONDS * 1000), brands: devBrands, tokens, mailer, clock: fixedClock(NOW_SECONDS * 1000), keyVersion: KEY_VERSION, directoryFor: () => directory };
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

  it('answers TokenNotFound for the token of a brand the stage no longer has, says so in the log, and uses nothing up', async () => {
    const { token, tokens, mailer, deps } = storeWithToken('RetiredBrand');
    const warn = jest.spyOn(logger, 'warn');

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenNotFound');
    expect(mailer.sent).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('token of a brand no longer configured', { brand: 'RetiredBrand' });
    expect(tokens.consumeResetToken).not.toHaveBeenCalled();
  });

  it("redeems the link of a directory brand's customer the directory still knows under the link's address", async () => {
    const { token, record, tokens, deps } = storeWithToken('AquaGuard', directoryOf('aquaguard#jane@example.com'));

    await expect(completePasswordReset({ Token: token }, undefined, deps)).resolves.toEqual({ brand: 'AquaGuard', email: 'jane@example.com' });
    expect(tokens.items.get(record.customerId)?.usedAt).toBe(NOW_SECONDS);
  });

  it('answers TokenNotFound, as for an unknown token, when the directory moved the customer to another address, leaving the link unused', async () => {
    const directory = directoryOf('aquaguard#jane.new@example.com');
    const { token, record, tokens, mailer, deps } = storeWithToken('AquaGuard', directory);
    const warn = jest.spyOn(logger, 'warn');

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenNotFound');
    expect(directory.isCustomer).toHaveBeenCalledWith('aquaguard', 'jane@example.com');
    expect(tokens.consumeResetToken).not.toHaveBeenCalled();
    expect(tokens.items.get(record.customerId)).toEqual(record);
    expect(mailer.sent).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('token of an address the brand no longer knows', { brand: 'AquaGuard' });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('jane@example.com');
  });

  it('asks no directory about a link that is not live, so a dead link costs no directory read', async () => {
    const directory = directoryOf();
    const { token, record, tokens, deps } = storeWithToken('AquaGuard', directory);
    tokens.items.set(record.customerId, { ...record, usedAt: NOW_SECONDS - 5 });

    expect(await errorCodeOf(completePasswordReset({ Token: token }, undefined, deps))).toBe('TokenUsed');
    expect(directory.isCustomer).not.toHaveBeenCalled();
  });
});
