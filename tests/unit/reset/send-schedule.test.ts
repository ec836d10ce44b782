import { loadConfig } from '../../../lib/config';
import type { QueuedEmail } from '../../../lib/ports';
import { clientIdOf, DEFAULT_RATE_LIMITS, mailboxScheduleOf, parseRateLimits } from '../../../lib/reset/rate-limits';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { sendQueuedEmail, type SendResult } from '../../../lib/reset/send-queued-email';
import { customerIdOf, linkTokenOf, resetDeps, tokenInLink } from '../fakes';

/**
 * The sender's schedule, run as a whole: the real request path and the real sender, with the
 * in-memory ports, a fake clock and the fake timer queue. Every request's stream record reaches the
 * sender at once; every timer the sender sets fires when it is due. So these tests run the attacks
 * on the limits in simulated hours.
 */

const START_MS = Date.UTC(2026, 11, 7, 9, 0, 0);

interface Sent {
  readonly atMs: number;
  readonly to: string;
  readonly token: string;
}

/**
 * One service under simulation: `request` runs the request path and hands its item to the sender
 * (the stream), `runUntil` fires the timers due by then in order (the delay queue).
 */
function simulation(rateLimits: string, options: { customers?: readonly string[]; failSends?: number } = {}) {
  const brands = loadConfig({ STAGE: 'dev', TABLE_NAME: 'test', CUSTOMER_TABLE_NAME: 'customers', RATE_LIMITS: rateLimits }).brands;
  const customers = new Set(options.customers ?? []);
  const deps = resetDeps(START_MS, {
    brands,
    directoryFor: (brandKey: string) => (brands.findBrand(brandKey)?.customerDirectory === 'table' ? { isCustomer: async (_: string, email: string) => customers.has(email) } : undefined),
  });
  for (let i = 0; i < (options.failSends ?? 0); i++) deps.mailer.sendEmail.mockRejectedValueOnce(new Error('SES throttled'));
  const sent: Sent[] = [];
  const results: SendResult[] = [];
  const send = async (queued: QueuedEmail) => {
    const before = deps.mailer.sent.length;
    try {
      results.push((await sendQueuedEmail(queued, deps)).result);
    } catch {
      // The stream (or the queue) hands the record back: at once here.
      results.push((await sendQueuedEmail(queued, deps)).result);
    }
    for (const message of deps.mailer.sent.slice(before)) sent.push({ atMs: deps.clock.now(), to: message.to, token: tokenInLink(message.text) });
  };
  const moveTo = (atMs: number) => deps.clock.advance(Math.max(0, atMs - deps.clock.now()) / 1000);
  const runUntil = async (untilMs: number) => {
    for (let due = deps.timer.takeDue(untilMs); due; due = deps.timer.takeDue(untilMs)) {
      moveTo(due.dueMs);
      await send(due.queued);
    }
    moveTo(untilMs);
  };
  return {
    sent,
    results,
    deps,
    runUntil,
    /** A request at `atMs` (timers due before it fire first); resolves once the stream's record is handled. */
    async request(email: string, atMs: number, brand?: string, sourceIp = '203.0.113.7') {
      await runUntil(atMs);
      await requestPasswordReset({ Email: email, CustomerBrandName: brand }, { acceptLanguage: undefined, sourceIp }, deps);
      while (deps.tokens.stream.length) await send(deps.tokens.stream.shift()!);
    },
    /** The link token the mailbox's item holds now: the only one that works. */
    liveToken(email: string) {
      const item = [...deps.tokens.items.values()].find((record) => record.email === email)!;
      return linkTokenOf(item.customerId, item.nonce);
    },
  };
}

/** The most of `times` (ms) that fall in any half-open stretch of `windowMs`. */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((start) => sorted.filter((at) => at >= start && at < start + windowMs).length));
}

const MINUTE = 60_000;

describe('the mailbox schedule at the default limits', () => {
  it('promises a wait of at most six minutes and at most ten emails in any hour', () => {
    expect(mailboxScheduleOf(parseRateLimits(DEFAULT_RATE_LIMITS))).toEqual({ longestWaitSeconds: 360, mostEmailsPerHour: 10 });
  });

  it('keeps both promises under the lockout attack: +1..+5 tags a minute for three hours, the customer asking now and then', async () => {
    const sim = simulation(DEFAULT_RATE_LIMITS);
    const mailbox = (tag: number) => `jane.doe+${tag}@example.com`;
    const own: number[] = [];
    for (let minute = 0; minute < 180; minute++) {
      await sim.request(mailbox((minute % 5) + 1), START_MS + minute * MINUTE);
      // The customer asks at odd moments, between the attacker's requests.
      if (minute % 23 === 7) {
        own.push(START_MS + minute * MINUTE + 17_000);
        await sim.request('jane.doe@example.com', own.at(-1)!);
      }
    }
    await sim.runUntil(START_MS + 200 * MINUTE);

    for (const askedAt of own) {
      const next = sim.sent.find((email) => email.atMs >= askedAt)!;
      expect(next.atMs - askedAt).toBeLessThanOrEqual(360_000);
    }
    expect(mostInAnyWindow(sim.sent.map((email) => email.atMs), 60 * MINUTE)).toBeLessThanOrEqual(10);
    // Every request was accepted (none threw), and the last email carries the one link that works.
    expect(sim.sent.at(-1)!.token).toBe(sim.liveToken(sim.sent.at(-1)!.to));
  });

  it('folds requests inside the cooldown into the next email, which carries the newest link', async () => {
    const sim = simulation(DEFAULT_RATE_LIMITS);
    await sim.request('ann@example.com', START_MS);
    await sim.request('ann@example.com', START_MS + 10_000);
    await sim.request('ann+x@example.com', START_MS + 20_000);
    await sim.runUntil(START_MS + 60 * MINUTE);

    expect(sim.sent.map((email) => [email.atMs - START_MS, email.to])).toEqual([
      [0, 'ann@example.com'],
      [360_000, 'ann+x@example.com'],
    ]);
    expect(sim.sent[1]!.token).toBe(sim.liveToken('ann+x@example.com'));
    expect(sim.results).toEqual(['sent', 'delayed', 'delayed', 'superseded', 'sent']);
  });
});

describe('domain and stage budgets', () => {
  it('pace sends to a domain over its budget instead of refusing them', async () => {
    const sim = simulation('customer:1/60,domain:2/60');
    for (let i = 0; i < 5; i++) await sim.request(`user${i}@corp.example`, START_MS + i * 1000);
    await sim.runUntil(START_MS + 10 * MINUTE);

    expect(sim.sent.map((email) => email.to).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `user${i}@corp.example`));
    expect(mostInAnyWindow(sim.sent.map((email) => email.atMs), MINUTE)).toBeLessThanOrEqual(2);
    expect(Math.max(...sim.sent.map((email) => email.atMs)) - START_MS).toBeLessThanOrEqual(3 * MINUTE);
  });

  it('spend nothing on unknown addresses that get no note: the next customer at the domain is mailed at once', async () => {
    const sim = simulation('customer:1/60,domain:2/3600', { customers: ['real@corp.example'] });
    for (let i = 0; i < 92; i++) await sim.request(`nobody${i}@corp.example`, START_MS + i * 100, 'AquaGuard', `198.51.100.${i}`);
    await sim.request('real@corp.example', START_MS + 10_000, 'AquaGuard');

    expect(sim.sent).toEqual([{ atMs: START_MS + 10_000, to: 'real@corp.example', token: sim.liveToken('real@corp.example') }]);
    expect(sim.results.filter((result) => result === 'unknown')).toHaveLength(92);
  });

  it('count and give up what the stage budget cannot send before the link would expire', async () => {
    // PumpAlarm's links live an hour; a stage budget of 2 a day has no room for a third email today.
    const sim = simulation('customer:1/60,global:2/86400');
    await sim.request('a@example.com', START_MS);
    await sim.request('b@example.com', START_MS + 1000);
    await sim.request('c@example.com', START_MS + 2000);

    expect(sim.sent.map((email) => email.to)).toEqual(['a@example.com', 'b@example.com']);
    expect(sim.results).toEqual(['sent', 'sent', 'expired']);
    expect(sim.deps.tokens.items.get(customerIdOf('pumpalarm', 'c@example.com'))?.outbox).toBeUndefined();
    expect(sim.deps.timer.pending).toHaveLength(0);
  });
});

describe('failures of ours', () => {
  it('take the send back from the schedule, so the retry goes out at once', async () => {
    const sim = simulation(DEFAULT_RATE_LIMITS, { failSends: 1 });
    await sim.request('kim@example.com', START_MS);

    expect(sim.sent.map((email) => email.atMs)).toEqual([START_MS]);
    expect(sim.results).toEqual(['sent']);
  });
});

describe('the request path', () => {
  it('never refuses because of what others asked for the mailbox, the domain or the stage', async () => {
    const sim = simulation('customer:1/60,domain:1/3600,global:1/86400');
    for (let i = 0; i < 20; i++) await expect(sim.request(`jane+${i}@example.com`, START_MS + i * 1000, undefined, `198.51.100.${i}`)).resolves.toBeUndefined();
  });

  it('counts an IPv6 client by its /64: the 31st address of one /64 is refused, another /64 is not', async () => {
    const sim = simulation('ip:30/300');
    for (let i = 1; i <= 30; i++) await sim.request(`u${i}@example.com`, START_MS + i * 100, undefined, `2001:db8:7:1::${i.toString(16)}`);

    await expect(sim.request('u31@example.com', START_MS + 4000, undefined, '2001:db8:7:1:ffff::31')).rejects.toMatchObject({ statusCode: 429 });
    await expect(sim.request('u32@example.com', START_MS + 4000, undefined, '2001:db8:7:2::1')).resolves.toBeUndefined();
  });
});

describe('clientIdOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:7:1::31', '2001:db8:7:1::/64'],
    ['2001:0DB8:0007:0001:ffff:1:2:3', '2001:db8:7:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    [undefined, undefined],
  ])('counts %s as %s', (sourceIp, client) => {
    expect(clientIdOf(sourceIp)).toBe(client);
  });
});
