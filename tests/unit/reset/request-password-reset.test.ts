import { createHash } from 'node:crypto';
import { ValidationError } from '../../../lib/errors';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { customerIdOf } from '../../../lib/reset/token';
import type { CustomerDirectory } from '../../../lib/ports';
import { countingRandomBytes, devBrands, directoryOf, fixedClock, InMemoryTokenStore, RecordingMailer, tokenInLink } from '../fakes';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function setup(directory?: CustomerDirectory) {
  const tokens = new InMemoryTokenStore();
  const mailer = new RecordingMailer();
  const deps = { brands: devBrands, tokens, mailer, clock: fixedClock(NOW), randomBytes: countingRandomBytes(), directoryFor: () => directory };
  return { tokens, mailer, deps };
}

describe('requestPasswordReset', () => {
  it("stores only the token's hash, keyed by brand and normalised address, with the brand's lifetime", async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: ' Jane@Example.com ', CustomerBrandName: 'aquaguard' }, undefined, deps);

    const customerId = customerIdOf('aquaguard', 'jane@example.com');
    const stored = tokens.items.get(customerId);
    const token = tokenInLink(mailer.sent[0]!.text);
    expect(stored).toEqual({
      customerId,
      brand: 'AquaGuard',
      email: 'jane@example.com',
      tokenHash: createHash('sha256').update(token).digest('base64url'),
      locale: 'en',
      createdAt: NOW / 1000,
      expiresAt: NOW / 1000 + 1800,
    });
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
  });

  it("emails the brand's link from the brand's sender, in HTML and text, stating the expiry", async () => {
    const { mailer, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, undefined, deps);

    const [message] = mailer.sent;
    const token = tokenInLink(message!.text);
    expect(message).toMatchObject({ from: { name: 'PumpAlarm', address: 'no-reply@pumpalarm.com' }, to: 'jane@example.com' });
    expect(message!.subject).toBe('Reset your PumpAlarm password');
    expect(message!.text).toContain(`http://localhost:8080/pumpalarm/reset-password?token=${token}`);
    expect(message!.html).toContain(`href="http://localhost:8080/pumpalarm/reset-password?token=${token}"`);
    expect(message!.text).toContain('expires in 60 minutes, at 2026-11-28 13:00 UTC');
    expect(message!.text).not.toContain('jane@example.com');
  });

  it('replaces the earlier token, so only the newest link works', async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, undefined, deps);
    await requestPasswordReset({ Email: 'JANE@example.com' }, undefined, deps);

    expect(tokens.items.size).toBe(1);
    const [first, second] = mailer.sent.map((m) => tokenInLink(m.text));
    expect(first).not.toBe(second);
    expect([...tokens.items.values()][0]!.tokenHash).toBe(createHash('sha256').update(second!).digest('base64url'));
  });

  it('writes nothing and sends nothing for invalid input', async () => {
    const { tokens, mailer, deps } = setup();

    await expect(requestPasswordReset({ Email: 'nope', CustomerBrandName: 'Unknown' }, undefined, deps)).rejects.toBeInstanceOf(ValidationError);

    expect(tokens.saveResetToken).not.toHaveBeenCalled();
    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('reports the failure and sends nothing when the token cannot be stored', async () => {
    const { tokens, mailer, deps } = setup();
    tokens.saveResetToken.mockRejectedValueOnce(new Error('ProvisionedThroughputExceeded'));

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, undefined, deps)).rejects.toThrow('ProvisionedThroughputExceeded');

    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('writes the email in the Locale asked for, else the best Accept-Language the brand offers', async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: 'a@example.com', Locale: 'de-AT' }, 'en', deps);
    await requestPasswordReset({ Email: 'b@example.com' }, 'fr-FR, de;q=0.8, en;q=0.5', deps);
    await requestPasswordReset({ Email: 'c@example.com' }, 'fr', deps);

    expect(mailer.sent.map((m) => m.subject)).toEqual([
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Reset your PumpAlarm password',
    ]);
    expect([...tokens.items.values()].map((r) => r.locale)).toEqual(['de', 'de', 'en']);
  });

  it('sends no link to an address the brand directory does not know, and answers as for a customer', async () => {
    const directory = directoryOf('aquaguard#known@example.com');
    const { tokens, mailer, deps } = setup(directory);

    const unknown = await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, undefined, deps);
    const known = await requestPasswordReset({ Email: 'known@example.com', CustomerBrandName: 'AquaGuard' }, undefined, deps);

    expect(unknown.result).toBe('unknown');
    expect(known.result).toBe('sent');
    expect(mailer.sent.map((m) => m.to)).toEqual(['known@example.com']);
    expect([...tokens.items.values()].map((r) => r.email)).toEqual(['known@example.com']);
  });

  it('sends unknown addresses a "no account" note when the brand asks for it', async () => {
    const { mailer, deps } = setup(directoryOf());
    const brands = { ...devBrands, findBrand: (name: string) => {
      const brand = devBrands.findBrand(name);
      return brand && { ...brand, unknownAccountNotice: true };
    } };

    await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, undefined, { ...deps, brands });

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toBe('AquaGuard password reset');
    expect(mailer.sent[0]!.text).toContain('we have no AquaGuard account for it');
    expect(mailer.sent[0]!.text).not.toContain('token=');
  });
});
