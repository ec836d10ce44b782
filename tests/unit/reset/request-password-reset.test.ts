import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import type { Brand } from '../../../lib/config';
import { ValidationError } from '../../../lib/errors';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import type { RateLimitRule } from '../../../lib/reset/rate-limits';
import type { CustomerDirectory } from '../../../lib/ports';
import { anyone, customerIdOf, deliverAll, deliverQueued, devBrands, directoryOf, linkTokenOf, resetDeps, tokenInLink } from '../fakes';

/** The dev brands with `rateLimits` (and any other field) replaced. */
const brandsWith = (changes: Partial<Brand> & { rateLimits?: readonly RateLimitRule[] }) => ({
  ...devBrands,
  findBrand: (name: string) => {
    const brand = devBrands.findBrand(name);
    return brand && { ...brand, ...changes };
  },
});

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function setup(directory?: CustomerDirectory) {
  const deps = resetDeps(NOW, { directoryFor: () => directory });
  return { tokens: deps.tokens, mailer: deps.mailer, clock: deps.clock, rateLimiter: deps.rateLimiter, deps };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('requestPasswordReset', () => {
  it("stores a nonce and its token's hash, keyed by brand and mailbox, with the address typed, the brand's lifetime and the key version, and queues the email", async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: ' Jane+Work@Example.com ', CustomerBrandName: 'aquaguard' }, anyone, deps);

    const customerId = customerIdOf('aquaguard', 'jane@example.com');
    const stored = tokens.items.get(customerId)!;
    expect(stored).toEqual({
      customerId,
      brand: 'AquaGuard',
      email: 'jane+work@example.com',
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      tokenHash: sha256(linkTokenOf(customerId, stored.nonce)),
      language: { locale: undefined, acceptLanguage: undefined },
      createdAt: NOW / 1000,
      expiresAt: NOW / 1000 + 1800,
      keyVersion: '1',
      outbox: 'reset-password',
    });
    // Nothing is sent on the request path: the sender mails the queued item.
    expect(mailer.sendEmail).not.toHaveBeenCalled();
    expect(tokens.stream).toEqual([{ customerId, nonce: stored.nonce, kind: 'reset-password' }]);
    await deliverQueued(deps);
    const token = tokenInLink(mailer.sent[0]!.text);
    expect(sha256(token)).toBe(stored.tokenHash);
    expect(mailer.sent[0]!.to).toBe('jane+work@example.com');
    expect(JSON.stringify(tokens.items.get(customerId))).not.toContain(token.split('.')[1]);
  });

  it("emails the brand's link from the brand's sender, in HTML and text, stating the expiry", async () => {
    const { mailer, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    await deliverQueued(deps);

    const [message] = mailer.sent;
    const token = tokenInLink(message!.text);
    expect(message).toMatchObject({ from: { name: 'PumpAlarm', address: 'no-reply@pumpalarm.com' }, to: 'jane@example.com' });
    expect(message!.subject).toBe('Reset your PumpAlarm password');
    expect(message!.text).toContain(`http://localhost:8080/pumpalarm/reset-password?token=${token}`);
    expect(message!.html).toContain(`href="http://localhost:8080/pumpalarm/reset-password?token=${token}"`);
    expect(message!.text).toContain('The link works once, for 1 hour: until Nov 28, 2026 at 1:00 PM UTC.');
    expect(message).toMatchObject({ replyTo: 'support@pumpalarm.com', tags: { brand: 'PumpAlarm', emailKind: 'reset-password' } });
    expect(message!.text).not.toContain('jane@example.com');
  });

  it('replaces the earlier token, so only the newest link works', async () => {
    const { tokens, mailer, clock, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);
    await deliverQueued(deps);
    clock.advance(60);
    await requestPasswordReset({ Email: 'JANE@example.com' }, anyone, deps);
    await deliverAll(deps);

    expect(tokens.items.size).toBe(1);
    const [first, second] = mailer.sent.map((m) => tokenInLink(m.text));
    expect(first).not.toBe(second);
    expect([...tokens.items.values()][0]!.tokenHash).toBe(createHash('sha256').update(second!).digest('base64url'));
  });

  it('writes nothing and sends nothing for invalid input', async () => {
    const { tokens, mailer, deps } = setup();

    await expect(requestPasswordReset({ Email: 'nope', CustomerBrandName: 'Unknown' }, anyone, deps)).rejects.toBeInstanceOf(ValidationError);

    expect(tokens.queueReset).not.toHaveBeenCalled();
    expect(tokens.stream).toEqual([]);
  });

  it('reports the failure and queues nothing when the write fails: the next request goes through', async () => {
    const { tokens, deps } = setup();
    tokens.queueReset.mockRejectedValueOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);

    expect(tokens.stream).toEqual([]);
    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).resolves.toBeDefined();
    expect(tokens.stream).toHaveLength(1);
  });

  it('writes the email in the Locale asked for, else the best Accept-Language the brand offers', async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: 'a@example.com', Locale: 'de-AT' }, { ...anyone, acceptLanguage: 'en' }, deps);
    await requestPasswordReset({ Email: 'b@example.com' }, { ...anyone, acceptLanguage: 'fr-FR, de;q=0.8, en;q=0.5' }, deps);
    await requestPasswordReset({ Email: 'c@example.com' }, { ...anyone, acceptLanguage: 'fr' }, deps);
    await deliverQueued(deps);

    expect(mailer.sent.map((m) => m.subject)).toEqual([
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Reset your PumpAlarm password',
    ]);
    // Stored as asked: the sender chose among the brand's locales.
    expect([...tokens.items.values()].map((r) => r.language)).toEqual([
      { locale: 'de-AT', acceptLanguage: 'en' },
      { locale: undefined, acceptLanguage: 'fr-FR, de;q=0.8, en;q=0.5' },
      { locale: undefined, acceptLanguage: 'fr' },
    ]);
  });

  it('does the same work for an address the brand directory does not know as for a customer: one write of the same shape', async () => {
    const directory = directoryOf('aquaguard#known@example.com');
    const { tokens, deps } = setup(directory);
    await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);
    await requestPasswordReset({ Email: 'known@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);

    // The request path never asks the directory: whose address it is, only the sender learns.
    expect(directory.isCustomer).not.toHaveBeenCalled();
    const [stranger, customer] = tokens.queueReset.mock.calls.map(([record]) => record);
    // The same charges, the client's own: nothing of the address's.
    expect(tokens.queueReset.mock.calls[0]![1]).toEqual(tokens.queueReset.mock.calls[1]![1]);
    const shape = (record: typeof stranger) =>
      Object.fromEntries(Object.entries(record!).map(([name, value]) => [name, name === 'email' ? 'an address' : typeof value === 'string' ? value.length : typeof value]));
    expect(shape(stranger)).toEqual(shape(customer));
    expect(tokens.stream.map((queued) => queued.kind)).toEqual(['reset-password', 'reset-password']);
  });

  it("accepts a stranger's every request like a customer's, and spends no sending limit on an address that gets nothing", async () => {
    const { mailer, clock, rateLimiter, deps } = setup(directoryOf());

    await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);
    clock.advance(20);
    await expect(requestPasswordReset({ Email: 'STRANGER@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps)).resolves.toBeDefined();
    await deliverAll(deps);

    expect(mailer.sent).toHaveLength(0);
    expect(rateLimiter.hit.mock.calls.map(([key]) => key.split('#')[0])).toEqual(['ip', 'ip']);
  });

  it('limits each client IP across addresses, and writes or sends nothing over the limit', async () => {
    const { tokens, mailer, deps } = setup();
    const brands = brandsWith({ rateLimits: [{ scope: 'ip', limit: 2, windowSeconds: 300 }] });
    const run = (email: string) => requestPasswordReset({ Email: email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    await run('a@example.com');
    await run('b@example.com');
    await expect(run('c@example.com')).rejects.toMatchObject({ statusCode: 429 });
    await expect(requestPasswordReset({ Email: 'd@example.com', CustomerBrandName: 'PumpAlarm' }, { ...anyone, sourceIp: '198.51.100.1' }, { ...deps, brands })).resolves.toBeDefined();
    await deliverQueued({ ...deps, brands });

    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'd@example.com']);
    expect(tokens.items.size).toBe(3);
  });

  it('counts one mailbox across its +tags and cases, keeps one live link for it, and mails each address typed', async () => {
    const { tokens, mailer, clock, deps } = setup();

    await requestPasswordReset({ Email: 'victim+1@example.com' }, anyone, deps);
    await deliverQueued(deps);
    // Inside the mailbox's cooldown: accepted, and folded into its next email by the newer request.
    await expect(requestPasswordReset({ Email: 'Victim+4@Example.com' }, anyone, deps)).resolves.toBeDefined();
    clock.advance(60);
    await requestPasswordReset({ Email: 'victim+2@example.com' }, anyone, deps);
    await deliverAll(deps);

    expect(mailer.sent.map((m) => m.to)).toEqual(['victim+1@example.com', 'victim+2@example.com']);
    expect([...tokens.items.keys()]).toEqual([customerIdOf('pumpalarm', 'victim@example.com')]);
    expect(tokens.items.get(customerIdOf('pumpalarm', 'victim@example.com'))!.tokenHash).toBe(
      createHash('sha256').update(tokenInLink(mailer.sent[1]!.text)).digest('base64url'),
    );
  });

  it('counts one Gmail mailbox across its dots and googlemail.com, and mails each address typed', async () => {
    const { tokens, mailer, clock, deps } = setup();

    await requestPasswordReset({ Email: 'm.b@gmail.com' }, anyone, deps);
    await deliverQueued(deps);
    await requestPasswordReset({ Email: 'mb@gmail.com' }, anyone, deps);
    await requestPasswordReset({ Email: 'M.B@googlemail.com' }, anyone, deps);
    clock.advance(60);
    await requestPasswordReset({ Email: 'mb+later@googlemail.com' }, anyone, deps);
    await deliverAll(deps);

    expect(mailer.sent.map((m) => m.to)).toEqual(['m.b@gmail.com', 'mb+later@googlemail.com']);
    expect([...tokens.items.keys()]).toEqual([customerIdOf('pumpalarm', 'mb@gmail.com')]);
  });

  it('paces a recipient domain over its budget, whatever the mailbox: the email waits until its sub-window ends', async () => {
    const { mailer, clock, deps } = setup();
    // 33 an hour: each tenth of the hour (360 s) admits 3; NOW is on the hour, so 360 s to wait.
    const brands = brandsWith({ rateLimits: [{ scope: 'domain', limit: 33, windowSeconds: 3600 }] });
    const run = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    for (const Email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'd@example.org']) await run(Email);
    await deliverQueued({ ...deps, brands });
    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.org']);

    await deliverAll({ ...deps, brands });
    expect(mailer.sent.map((m) => m.to).at(-1)).toBe('d@example.com');
    expect(clock.now() - NOW).toBe(360_000);
  });

  it('paces every address and domain by the global budget', async () => {
    const { mailer, deps } = setup();
    const brands = brandsWith({ rateLimits: [{ scope: 'global', limit: 33, windowSeconds: 3600 }] });
    const run = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    for (const Email of ['a@example.com', 'b@example.org', 'c@example.net', 'd@example.info']) await run(Email);
    await deliverQueued({ ...deps, brands });
    expect(mailer.sent).toHaveLength(3);
    await deliverAll({ ...deps, brands });
    expect(mailer.sent.map((m) => m.to).at(-1)).toBe('d@example.info');
  });
});
