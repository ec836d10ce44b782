import { createHash } from 'node:crypto';
import { ValidationError } from '../../../lib/errors';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { customerIdOf } from '../../../lib/reset/token';
import { countingRandomBytes, devBrands, fixedClock, InMemoryTokenStore, RecordingMailer } from '../fakes';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function setup() {
  const tokens = new InMemoryTokenStore();
  const mailer = new RecordingMailer();
  const deps = { brands: devBrands, tokens, mailer, clock: fixedClock(NOW), randomBytes: countingRandomBytes() };
  return { tokens, mailer, deps };
}

const tokenInLink = (text: string): string => {
  const match = /\?token=([A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error('no link in the email');
  return match[1]!;
};

describe('requestPasswordReset', () => {
  it("stores only the token's hash, keyed by brand and normalised address, with the brand's lifetime", async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: ' Jane@Example.com ', CustomerBrandName: 'aquaguard' }, deps);

    const customerId = customerIdOf('aquaguard', 'jane@example.com');
    const stored = tokens.items.get(customerId);
    const token = tokenInLink(mailer.sent[0]!.text);
    expect(stored).toEqual({
      customerId,
      brand: 'AquaGuard',
      email: 'jane@example.com',
      tokenHash: createHash('sha256').update(token).digest('base64url'),
      createdAt: NOW / 1000,
      expiresAt: NOW / 1000 + 1800,
    });
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
  });

  it("emails the brand's link from the brand's sender, in HTML and text, stating the expiry", async () => {
    const { mailer, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, deps);

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

    await requestPasswordReset({ Email: 'jane@example.com' }, deps);
    await requestPasswordReset({ Email: 'JANE@example.com' }, deps);

    expect(tokens.items.size).toBe(1);
    const [first, second] = mailer.sent.map((m) => tokenInLink(m.text));
    expect(first).not.toBe(second);
    expect([...tokens.items.values()][0]!.tokenHash).toBe(createHash('sha256').update(second!).digest('base64url'));
  });

  it('writes nothing and sends nothing for invalid input', async () => {
    const { tokens, mailer, deps } = setup();

    await expect(requestPasswordReset({ Email: 'nope', CustomerBrandName: 'Unknown' }, deps)).rejects.toBeInstanceOf(ValidationError);

    expect(tokens.saveResetToken).not.toHaveBeenCalled();
    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('reports the failure and sends nothing when the token cannot be stored', async () => {
    const { tokens, mailer, deps } = setup();
    tokens.saveResetToken.mockRejectedValueOnce(new Error('ProvisionedThroughputExceeded'));

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, deps)).rejects.toThrow('ProvisionedThroughputExceeded');

    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });
});
