import { ValidationError } from '../../../lib/errors';
import type { ResetTokenRecord } from '../../../lib/ports';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { revokeResetTokens } from '../../../lib/reset/revoke-reset-tokens';
import { verifyResetToken } from '../../../lib/reset/verify-reset-token';
import { anyone, customerIdOf, deliverQueued, devBrands, fixedClock, InMemoryTokenStore, KEY_VERSION, resetDeps, tokenInLink } from '../fakes';

const NOW_SECONDS = Date.UTC(2026, 11, 7, 9, 0, 0) / 1000;

function storeWith(change: Partial<ResetTokenRecord> = {}) {
  const customerId = customerIdOf('pumpalarm', 'jane@example.com');
  const record: ResetTokenRecord = { customerId, brand: 'PumpAlarm', email: 'jane@example.com', nonce: 'n'.repeat(43), tokenHash: 'hash', language: { locale: 'en' }, createdAt: NOW_SECONDS - 60, expiresAt: NOW_SECONDS + 60, keyVersion: KEY_VERSION, ...change };
  const tokens = new InMemoryTokenStore();
  tokens.items.set(customerId, record);
  return { customerId, tokens, deps: { brands: devBrands, tokens, clock: fixedClock(NOW_SECONDS * 1000), customerIdOf, keyVersion: KEY_VERSION } };
}

describe('revokeResetTokens', () => {
  it("ends the live link of the customer's mailbox, keyed as the reset keys it, and counts it", async () => {
    const { customerId, tokens, deps } = storeWith();

    // Another address of the same mailbox (a +tag, upper case, the default brand by name).
    const revoked = await revokeResetTokens({ Email: ' Jane+News@Example.com ', CustomerBrandName: 'pumpalarm' }, deps);

    expect(revoked).toEqual({ brand: 'PumpAlarm', email: 'jane+news@example.com', revokedCount: 1 });
    expect(tokens.revokeResetTokens).toHaveBeenCalledWith(customerId, KEY_VERSION, NOW_SECONDS);
    expect(tokens.items.has(customerId)).toBe(false);
  });

  it.each([
    ['used', { usedAt: NOW_SECONDS - 1 }],
    ['expired', { expiresAt: NOW_SECONDS }],
    ['of an earlier key version', { keyVersion: '0' }],
  ])('counts a %s link as none, and leaves it as it is', async (_case, change) => {
    const { customerId, tokens, deps } = storeWith(change);

    expect((await revokeResetTokens({ Email: 'jane@example.com' }, deps)).revokedCount).toBe(0);
    expect(tokens.items.has(customerId)).toBe(true);
  });

  it("touches no other brand's link of the same address", async () => {
    const { customerId, tokens, deps } = storeWith();

    expect((await revokeResetTokens({ Email: 'jane@example.com', CustomerBrandName: 'AquaGuard' }, deps)).revokedCount).toBe(0);
    expect(tokens.items.has(customerId)).toBe(true);
  });

  it('refuses a request without an address, or with an unknown brand, as the reset does, touching nothing', async () => {
    const { tokens, deps } = storeWith();

    await expect(revokeResetTokens({}, deps)).rejects.toMatchObject({ errorCode: 'NotEmpty', fieldErrors: [expect.objectContaining({ fieldName: 'Email' })] });
    await expect(revokeResetTokens({ Email: 'jane@example.com', CustomerBrandName: 'NoSuchBrand' }, deps)).rejects.toBeInstanceOf(ValidationError);
    expect(tokens.revokeResetTokens).not.toHaveBeenCalled();
  });

  it('ends a queued email too: the sender finds no item and mails nothing', async () => {
    const deps = resetDeps(NOW_SECONDS * 1000);
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);

    expect((await revokeResetTokens({ Email: 'jane@example.com' }, deps)).revokedCount).toBe(1);
    await deliverQueued(deps);

    expect(deps.mailer.sent).toEqual([]);
  });

  it('leaves verify answering TokenNotFound for the emailed link, as for a replaced one', async () => {
    const deps = resetDeps(NOW_SECONDS * 1000);
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    await deliverQueued(deps);
    const token = tokenInLink(deps.mailer.sent[0]!.text);
    await expect(verifyResetToken({ Token: token }, deps)).resolves.toMatchObject({ brand: 'PumpAlarm' });

    await revokeResetTokens({ Email: 'jane@example.com' }, deps);

    await expect(verifyResetToken({ Token: token }, deps)).rejects.toMatchObject({ errorCode: 'TokenNotFound' });
  });
});
