import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { MessageRejected } from '@aws-sdk/client-ses';
import { createHash } from 'node:crypto';
import type { Brand } from '../../../lib/config';
import { DependencyUnavailableError, ValidationError } from '../../../lib/errors';
import { LEASE_WAIT_MS, requestPasswordReset, resetLink } from '../../../lib/reset/request-password-reset';
import type { RateLimitRule } from '../../../lib/reset/rate-limits';
import type { CustomerDirectory } from '../../../lib/ports';
import { anyone, customerIdOf, devBrands, directoryOf, FAKE_RESPONSE_TIME, resetDeps, tokenInLink } from '../fakes';

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

describe('requestPasswordReset', () => {
  it("stores only the token's hash, keyed by brand and mailbox, with the address typed, the brand's lifetime and the key version", async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: ' Jane+Work@Example.com ', CustomerBrandName: 'aquaguard' }, anyone, deps);

    const customerId = customerIdOf('aquaguard', 'jane@example.com');
    const stored = tokens.items.get(customerId);
    const token = tokenInLink(mailer.sent[0]!.text);
    expect(stored).toEqual({
      customerId,
      brand: 'AquaGuard',
      email: 'jane+work@example.com',
      tokenHash: createHash('sha256').update(token).digest('base64url'),
      locale: 'en',
      createdAt: NOW / 1000,
      expiresAt: NOW / 1000 + 1800,
      keyVersion: '1',
    });
    expect(mailer.sent[0]!.to).toBe('jane+work@example.com');
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
  });

  it("emails the brand's link from the brand's sender, in HTML and text, stating the expiry", async () => {
    const { mailer, deps } = setup();

    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);

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
    clock.advance(60);
    await requestPasswordReset({ Email: 'JANE@example.com' }, anyone, deps);

    expect(tokens.items.size).toBe(1);
    const [first, second] = mailer.sent.map((m) => tokenInLink(m.text));
    expect(first).not.toBe(second);
    expect([...tokens.items.values()][0]!.tokenHash).toBe(createHash('sha256').update(second!).digest('base64url'));
  });

  it('writes nothing and sends nothing for invalid input', async () => {
    const { tokens, mailer, deps } = setup();

    await expect(requestPasswordReset({ Email: 'nope', CustomerBrandName: 'Unknown' }, anyone, deps)).rejects.toBeInstanceOf(ValidationError);

    expect(tokens.claimResetToken).not.toHaveBeenCalled();
    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('reports the failure and sends nothing when the token cannot be stored', async () => {
    const { tokens, mailer, deps } = setup();
    tokens.claimResetToken.mockRejectedValueOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);

    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('writes the email in the Locale asked for, else the best Accept-Language the brand offers', async () => {
    const { tokens, mailer, deps } = setup();

    await requestPasswordReset({ Email: 'a@example.com', Locale: 'de-AT' }, { ...anyone, acceptLanguage: 'en' }, deps);
    await requestPasswordReset({ Email: 'b@example.com' }, { ...anyone, acceptLanguage: 'fr-FR, de;q=0.8, en;q=0.5' }, deps);
    await requestPasswordReset({ Email: 'c@example.com' }, { ...anyone, acceptLanguage: 'fr' }, deps);

    expect(mailer.sent.map((m) => m.subject)).toEqual([
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Ihr PumpAlarm-Passwort zurücksetzen',
      'Reset your PumpAlarm password',
    ]);
    expect([...tokens.items.values()].map((r) => r.locale)).toEqual(['de', 'de', 'en']);
  });

  it('sends no link to an address the brand directory does not know, after the same work as for a customer', async () => {
    const directory = directoryOf('aquaguard#known@example.com');
    const { tokens, mailer, deps } = setup(directory);
    const unknown = await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);
    const known = await requestPasswordReset({ Email: 'known@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);

    expect(unknown.result).toBe('unknown');
    expect(known.result).toBe('sent');
    expect(mailer.sent.map((m) => m.to)).toEqual(['known@example.com']);
    // The stranger's write takes its mailbox's lease like a customer's, but stores no token.
    const [strangers, customers] = tokens.claimResetToken.mock.calls;
    expect(strangers!.slice(0, 2)).toEqual([customerIdOf('aquaguard', 'stranger@example.com'), undefined]);
    expect(customers![1]).toMatchObject({ email: 'known@example.com' });
    expect([...tokens.items.keys()]).toEqual([customerIdOf('aquaguard', 'known@example.com')]);
    expect(tokens.releaseResetToken).toHaveBeenCalledTimes(2);
    expect(tokens.leases.size).toBe(0);
    // Neither sends in no time: both wait for the same drawn answer time (the fake clock stands still).
    expect(deps.sleep.mock.calls).toEqual([[FAKE_RESPONSE_TIME.minMs], [FAKE_RESPONSE_TIME.minMs]]);
  });

  describe('answer time', () => {
    /** Directory-brand requests on a clock that sleeps and sends move: each send takes `sendMs`. */
    function timedSetup(sendMs: number) {
      const { mailer, clock, deps } = setup(directoryOf('aquaguard#known@example.com'));
      deps.sleep.mockImplementation(async (milliseconds: number) => {
        clock.advance(milliseconds / 1000);
        return undefined;
      });
      const send = mailer.sendEmail.getMockImplementation()!;
      mailer.sendEmail.mockImplementation(async (message) => {
        clock.advance(sendMs / 1000);
        return send(message);
      });
      /** How long a request for `email` took on the fake clock, from its start to its answer. */
      const took = async (email: string) => {
        const started = clock.now();
        await requestPasswordReset({ Email: email, CustomerBrandName: 'AquaGuard' }, anyone, deps).catch(() => undefined);
        return clock.now() - started;
      };
      return { mailer, deps, took };
    }

    it("answers a stranger at the same drawn time before and after a customer's send, and the customer too", async () => {
      const { took } = timedSetup(40);
      // The attack: time a stranger, probe a customer, time a stranger again.
      expect([await took('stranger-1@example.com'), await took('known@example.com'), await took('stranger-2@example.com')]).toEqual([300, 300, 300]);
    });

    it('answers at the drawn time while SES is unavailable too, customer and stranger alike', async () => {
      const { mailer, took } = timedSetup(40);
      mailer.sendEmail.mockRejectedValueOnce(new DependencyUnavailableError('SES', new Error('Throttling')));
      expect([await took('known@example.com'), await took('stranger@example.com')]).toEqual([300, 300]);
    });

    it('draws each time uniformly from the range, with bytes of the CSPRNG port', async () => {
      const { deps, took } = timedSetup(40);
      // The lowest and highest 32-bit draws give the range's two ends.
      const draws = [Buffer.from([0, 0, 0, 0]), Buffer.from([0xff, 0xff, 0xff, 0xff])];
      const randomBytes = deps.randomBytes;
      Object.assign(deps, {
        responseTime: { minMs: 200, maxMs: 260 },
        randomBytes: (size: number) => (size === 4 ? draws.shift()! : randomBytes(size)),
      });
      expect([await took('stranger@example.com'), await took('known@example.com')]).toEqual([200, 260]);
      expect(draws).toEqual([]);
    });

    it('adds no wait to a send slower than the drawn time: only such a send shows, in the tail', async () => {
      const { deps, took } = timedSetup(450);
      expect(await took('known@example.com')).toBe(450);
      expect(deps.sleep).not.toHaveBeenCalled();
    });
  });

  it('answers a stranger as customers are answered while SES is unavailable: the same 503, and the counts taken back', async () => {
    const { mailer, rateLimiter, deps } = setup(directoryOf('aquaguard#known@example.com'));
    mailer.sendEmail.mockRejectedValueOnce(new DependencyUnavailableError('SES', new Error('Throttling')));
    const aquaGuard = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'AquaGuard' }, anyone, deps);

    const customer = aquaGuard('known@example.com');
    await expect(customer).rejects.toMatchObject({ statusCode: 503, errorCode: 'ServiceUnavailable' });
    const stranger = aquaGuard('stranger@example.com');
    await expect(stranger).rejects.toMatchObject({ statusCode: 503, errorCode: 'ServiceUnavailable' });
    await expect(stranger).rejects.toThrow('The service is temporarily unavailable. Please try again shortly.');

    expect(rateLimiter.refund).toHaveBeenCalledTimes(2);
    expect(mailer.sent).toEqual([]);
    // Once SES is back, both go through again, the stranger without an email.
    await expect(aquaGuard('known@example.com')).resolves.toMatchObject({ result: 'sent' });
    await expect(aquaGuard('stranger@example.com')).resolves.toMatchObject({ result: 'unknown' });
  });

  it('sends unknown addresses a "no account" note when the brand asks for it', async () => {
    const { mailer, deps } = setup(directoryOf());
    const brands = { ...devBrands, findBrand: (name: string) => {
      const brand = devBrands.findBrand(name);
      return brand && { ...brand, unknownAccountNotice: true };
    } };

    await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, { ...deps, brands });

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toBe('AquaGuard password reset');
    expect(mailer.sent[0]!.text).toContain('we have no AquaGuard account for it');
    expect(mailer.sent[0]!.text).not.toContain('token=');
  });

  it('allows one email a minute per customer, counting unknown addresses alike, and says how long to wait', async () => {
    const { mailer, clock, deps } = setup(directoryOf());

    await requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);
    clock.advance(20);
    const refused = requestPasswordReset({ Email: 'STRANGER@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps);

    await expect(refused).rejects.toMatchObject({ statusCode: 429, errorCode: 'TooManyRequests', headers: { 'Retry-After': '40' } });
    await expect(refused).rejects.toThrow('Try again in 40 seconds');
    clock.advance(40);
    await expect(requestPasswordReset({ Email: 'stranger@example.com', CustomerBrandName: 'AquaGuard' }, anyone, deps)).resolves.toMatchObject({ result: 'unknown' });
    expect(mailer.sent).toHaveLength(0);
  });

  it('limits each client IP across addresses, and writes or sends nothing over the limit', async () => {
    const { tokens, mailer, deps } = setup();
    const brands = brandsWith({ rateLimits: [{ scope: 'ip', limit: 2, windowSeconds: 300 }] });
    const run = (email: string) => requestPasswordReset({ Email: email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    await run('a@example.com');
    await run('b@example.com');
    await expect(run('c@example.com')).rejects.toMatchObject({ statusCode: 429 });
    await expect(requestPasswordReset({ Email: 'd@example.com', CustomerBrandName: 'PumpAlarm' }, { ...anyone, sourceIp: '198.51.100.1' }, { ...deps, brands })).resolves.toBeDefined();

    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'd@example.com']);
    expect(tokens.items.size).toBe(3);
  });

  it('takes the counts back and gives the lease back when sending fails, so the customer can try again at once', async () => {
    const { mailer, rateLimiter, tokens, deps } = setup();
    mailer.sendEmail.mockRejectedValueOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).rejects.toBeInstanceOf(MessageRejected);
    expect(tokens.leases.size).toBe(0);
    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).resolves.toMatchObject({ result: 'sent' });
    expect(rateLimiter.refund).toHaveBeenCalledTimes(1);
  });

  it('counts one mailbox across its +tags and cases, keeps one live link for it, and mails each address typed', async () => {
    const { tokens, mailer, clock, deps } = setup();

    await requestPasswordReset({ Email: 'victim+1@example.com' }, anyone, deps);
    const refused = requestPasswordReset({ Email: 'Victim+4@Example.com' }, anyone, deps);
    await expect(refused).rejects.toMatchObject({ statusCode: 429 });
    clock.advance(60);
    await requestPasswordReset({ Email: 'victim+2@example.com' }, anyone, deps);

    expect(mailer.sent.map((m) => m.to)).toEqual(['victim+1@example.com', 'victim+2@example.com']);
    expect([...tokens.items.keys()]).toEqual([customerIdOf('pumpalarm', 'victim@example.com')]);
    expect(tokens.items.get(customerIdOf('pumpalarm', 'victim@example.com'))!.tokenHash).toBe(
      createHash('sha256').update(tokenInLink(mailer.sent[1]!.text)).digest('base64url'),
    );
  });

  it('counts one Gmail mailbox across its dots and googlemail.com, and mails each address typed', async () => {
    const { tokens, mailer, clock, deps } = setup();

    await requestPasswordReset({ Email: 'm.b@gmail.com' }, anyone, deps);
    await expect(requestPasswordReset({ Email: 'mb@gmail.com' }, anyone, deps)).rejects.toMatchObject({ statusCode: 429 });
    await expect(requestPasswordReset({ Email: 'M.B@googlemail.com' }, anyone, deps)).rejects.toMatchObject({ statusCode: 429 });
    clock.advance(60);
    await requestPasswordReset({ Email: 'mb+later@googlemail.com' }, anyone, deps);

    expect(mailer.sent.map((m) => m.to)).toEqual(['m.b@gmail.com', 'mb+later@googlemail.com']);
    expect([...tokens.items.keys()]).toEqual([customerIdOf('pumpalarm', 'mb@gmail.com')]);
  });

  it('holds a budget per recipient domain, whatever the mailbox, with the wait until its sub-window ends', async () => {
    const { mailer, deps } = setup();
    // 33 an hour: each tenth of the hour (360 s) admits 3; NOW is on the hour, so 360 s to wait.
    const brands = brandsWith({ rateLimits: [{ scope: 'domain', limit: 33, windowSeconds: 3600 }] });
    const run = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    for (const Email of ['a@example.com', 'b@example.com', 'c@example.com']) await run(Email);
    await expect(run('d@example.com')).rejects.toMatchObject({ statusCode: 429, headers: { 'Retry-After': '360' } });
    await run('d@example.org');

    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.org']);
  });

  it('holds a global budget across every address and domain', async () => {
    const { mailer, deps } = setup();
    const brands = brandsWith({ rateLimits: [{ scope: 'global', limit: 33, windowSeconds: 3600 }] });
    const run = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'PumpAlarm' }, anyone, { ...deps, brands });

    for (const Email of ['a@example.com', 'b@example.org', 'c@example.net']) await run(Email);
    await expect(run('d@example.info')).rejects.toMatchObject({ statusCode: 429 });
    expect(mailer.sent).toHaveLength(3);
  });

  it("waits while another request holds the mailbox, then writes and sends after it, so the newest email's link lives", async () => {
    const { tokens, mailer, deps } = setup();
    const mailbox = customerIdOf('pumpalarm', 'jane@example.com');
    tokens.leases.set(mailbox, { id: 'other', untilMs: NOW + 10_000 });
    // The other request finishes during our second wait.
    deps.sleep.mockImplementation(async () => {
      if (deps.sleep.mock.calls.length === 2) tokens.leases.delete(mailbox);
    });

    await requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps);

    // The lease's waits, then the answer time's (the fake clock stands still).
    expect(deps.sleep.mock.calls).toEqual([[20], [40], [FAKE_RESPONSE_TIME.minMs]]);
    expect(tokens.claimResetToken).toHaveBeenCalledTimes(3);
    expect(mailer.sent).toHaveLength(1);
    expect(tokens.items.get(mailbox)!.tokenHash).toBe(createHash('sha256').update(tokenInLink(mailer.sent[0]!.text)).digest('base64url'));
    expect(tokens.leases.size).toBe(0);
  });

  it('answers 429 for customers and strangers alike when the mailbox stays held, taking the counts back and sending nothing', async () => {
    const { tokens, mailer, clock, rateLimiter, deps } = setup(directoryOf('aquaguard#known@example.com'));
    for (const email of ['known@example.com', 'stranger@example.com']) {
      tokens.leases.set(customerIdOf('aquaguard', email), { id: 'stuck', untilMs: NOW + 8_000 });
    }
    deps.sleep.mockImplementation(async (milliseconds: number) => {
      clock.advance(milliseconds / 1000);
      return undefined;
    });
    const aquaGuard = (Email: string) => requestPasswordReset({ Email, CustomerBrandName: 'AquaGuard' }, anyone, deps);

    const known = aquaGuard('known@example.com');
    await expect(known).rejects.toMatchObject({ statusCode: 429, headers: { 'Retry-After': '3' } });
    expect(clock.now()).toBe(NOW + LEASE_WAIT_MS);
    clock.advance(-LEASE_WAIT_MS / 1000);
    await expect(aquaGuard('stranger@example.com')).rejects.toMatchObject({ statusCode: 429, headers: { 'Retry-After': '3' } });

    expect(rateLimiter.refund).toHaveBeenCalledTimes(2);
    expect(mailer.sent).toEqual([]);
  });

  it("appends the token to the brand's page, keeping the page's own parameters", () => {
    expect(resetLink('https://portal.example/reset', 'a.b')).toBe('https://portal.example/reset?token=a.b');
    expect(resetLink('https://portal.example/reset?brand=x', 'a.b')).toBe('https://portal.example/reset?brand=x&token=a.b');
  });

  it('takes back the counts that landed when another counter cannot be reached', async () => {
    const { rateLimiter, tokens, mailer, deps } = setup();
    const real = rateLimiter.hit.getMockImplementation()!;
    rateLimiter.hit.mockImplementation(async (key, limit, windowSeconds, now) => {
      if (key.startsWith('ip#')) throw Object.assign(new Error('unavailable'), { name: 'InternalServerError' });
      return real(key, limit, windowSeconds, now);
    });

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, anyone, deps)).rejects.toThrow('unavailable');

    const refunded = rateLimiter.refund.mock.calls[0]![0].map((hit) => hit.key.split('#')[0]);
    expect(refunded.sort()).toEqual(['customer', 'customer', 'domain', 'global']);
    expect([...rateLimiter.counts.values()].every((count) => count === 0)).toBe(true);
    expect([...rateLimiter.logs.values()].every((log) => log.length === 0)).toBe(true);
    expect(tokens.claimResetToken).not.toHaveBeenCalled();
    expect(mailer.sendEmail).not.toHaveBeenCalled();
  });
});
