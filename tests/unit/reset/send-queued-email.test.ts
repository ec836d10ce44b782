import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { AccountSendingPausedException } from '@aws-sdk/client-ses';
import { createHash } from 'node:crypto';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { resetLink, sendQueuedEmail } from '../../../lib/reset/send-queued-email';
import type { CustomerDirectory } from '../../../lib/ports';
import { anyone, customerIdOf, deliverAll, deliverQueued, devBrands, directoryOf, resetDeps, tokenInLink } from '../fakes';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function setup(directory?: CustomerDirectory, brands = devBrands) {
  return resetDeps(NOW, { directoryFor: () => directory, brands });
}

/** The dev brands with AquaGuard's "no account" note switched on. */
const withNotice = {
  ...devBrands,
  findBrand: (name: string) => {
    const brand = devBrands.findBrand(name);
    return brand && { ...brand, unknownAccountNotice: true };
  },
};

const aquaGuard = (deps: ReturnType<typeof setup>, Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'AquaGuard' }, anyone, deps);

describe('sendQueuedEmail', () => {
  it("mails a customer the link whose hash the item holds, then marks the item handled and starts the link's lifetime at the send", async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    deps.clock.advance(30);

    expect(await deliverQueued(deps)).toEqual([{ result: 'sent', kind: 'reset-password', brand: 'PumpAlarm', email: 'jane@example.com' }]);

    const item = deps.tokens.items.get(customerIdOf('pumpalarm', 'jane@example.com'))!;
    expect(sha256(tokenInLink(deps.mailer.sent[0]!.text))).toBe(item.tokenHash);
    expect(item).toMatchObject({ handledAt: NOW / 1000 + 30, expiresAt: NOW / 1000 + 30 + 3600 });
    expect(item.outbox).toBeUndefined();
  });

  it('sends nothing for a request a newer one replaced: the mailbox gets one email, carrying the newest link', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane+1@example.com' }, anyone, deps);
    deps.clock.advance(61);
    await requestPasswordReset({ Email: 'jane+2@example.com' }, anyone, deps);

    expect((await deliverQueued(deps)).map((outcome) => outcome.result)).toEqual(['superseded', 'sent']);

    expect(deps.mailer.sent.map((message) => message.to)).toEqual(['jane+2@example.com']);
    expect(sha256(tokenInLink(deps.mailer.sent[0]!.text))).toBe([...deps.tokens.items.values()][0]!.tokenHash);
  });

  it('sends a redelivered record once: the second delivery finds it handled', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    const [queued] = deps.tokens.stream;

    await expect(sendQueuedEmail(queued!, deps)).resolves.toMatchObject({ result: 'sent' });
    await expect(sendQueuedEmail(queued!, deps)).resolves.toMatchObject({ result: 'superseded' });

    expect(deps.mailer.sendEmail).toHaveBeenCalledTimes(1);
  });

  it("marks a stranger's item exactly as a customer's, sending the stranger nothing", async () => {
    const deps = setup(directoryOf('aquaguard#known@example.com'));
    await aquaGuard(deps, 'stranger@example.com');
    await aquaGuard(deps, 'known@example.com');

    expect((await deliverQueued(deps)).map((outcome) => outcome.result)).toEqual(['unknown', 'sent']);

    expect(deps.mailer.sent.map((message) => message.to)).toEqual(['known@example.com']);
    const stranger = deps.tokens.items.get(customerIdOf('aquaguard', 'stranger@example.com'))!;
    const customer = deps.tokens.items.get(customerIdOf('aquaguard', 'known@example.com'))!;
    expect(Object.keys(stranger).sort()).toEqual(Object.keys(customer).sort());
    expect(stranger.expiresAt - stranger.handledAt!).toBe(customer.expiresAt - customer.handledAt!);
    expect(deps.tokens.markEmailHandled.mock.calls.map((call) => call.slice(2))).toEqual([
      ['reset-password', NOW / 1000, NOW / 1000 + 1800],
      ['reset-password', NOW / 1000, NOW / 1000 + 1800],
    ]);
  });

  it('sends an unknown address the "no account" note when the brand asks for it', async () => {
    const deps = setup(directoryOf(), withNotice);
    await aquaGuard(deps, 'stranger@example.com');

    expect((await deliverQueued(deps))[0]!.result).toBe('no-account');

    expect(deps.mailer.sent).toHaveLength(1);
    expect(deps.mailer.sent[0]!.subject).toBe('AquaGuard password reset');
    expect(deps.mailer.sent[0]!.text).toContain('we have no AquaGuard account for it');
    expect(deps.mailer.sent[0]!.text).not.toContain('token=');
  });

  it('leaves the item queued when SES fails, for the stream to retry, and sends once when SES is back', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    deps.mailer.sendEmail.mockRejectedValueOnce(new AccountSendingPausedException({ message: 'Sending is paused for this account', $metadata: {} }));

    await expect(deliverQueued(deps)).rejects.toBeInstanceOf(AccountSendingPausedException);
    expect(deps.tokens.items.get(customerIdOf('pumpalarm', 'jane@example.com'))!.outbox).toBe('reset-password');

    await expect(deliverQueued(deps)).resolves.toMatchObject([{ result: 'sent' }]);
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('marks a message SES refused for good as handled, without a retry', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    deps.mailer.sendEmail.mockResolvedValueOnce('rejected');

    await expect(deliverQueued(deps)).resolves.toMatchObject([{ result: 'rejected' }]);
    expect(deps.tokens.items.get(customerIdOf('pumpalarm', 'jane@example.com'))!.outbox).toBeUndefined();
  });

  it('throws when the mark fails after the send: the retry sends again once the cooldown allows, the one duplicate left', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    deps.tokens.markEmailHandled.mockRejectedValueOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(deliverQueued(deps)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    // The email did leave, so it counts against the mailbox: the retry waits for the cooldown.
    await expect(deliverQueued(deps)).resolves.toMatchObject([{ result: 'delayed' }]);
    await deliverAll(deps);

    expect(deps.mailer.sent).toHaveLength(2);
    expect(tokenInLink(deps.mailer.sent[0]!.text)).toBe(tokenInLink(deps.mailer.sent[1]!.text));
  });

  it('mails no item made under an earlier key version: its link would not work', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);

    await expect(deliverQueued({ ...deps, keyVersion: '2' })).resolves.toMatchObject([{ result: 'superseded' }]);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('gives up a reset still unsent when its latest time to go out has passed, marking it without a link', async () => {
    const deps = setup();
    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    deps.clock.advance(3600);

    await expect(deliverQueued(deps)).resolves.toMatchObject([{ result: 'expired', kind: 'reset-password' }]);
    expect(deps.mailer.sendEmail).not.toHaveBeenCalled();
    const item = deps.tokens.items.get(customerIdOf('pumpalarm', 'jane@example.com'))!;
    expect(item).toMatchObject({ handledAt: NOW / 1000 + 3600, expiresAt: NOW / 1000 + 3600 });
    expect(item.outbox).toBeUndefined();
  });

  it("appends the token to the brand's page, keeping the page's own parameters", () => {
    expect(resetLink('https://portal.example/reset', 'a.b')).toBe('https://portal.example/reset?token=a.b');
    expect(resetLink('https://portal.example/reset?brand=x', 'a.b')).toBe('https://portal.example/reset?brand=x&token=a.b');
  });
});
