import { DependencyUnavailableError } from '../../../lib/errors';
import { mailboxOf, domainOf } from '../../../lib/reset/mailbox';
import { clientCharges, countRateLimits, overrideRateLimits, parseRateLimits, secondsUntil, subWindowOf } from '../../../lib/reset/rate-limits';
import { InMemoryRateLimiter } from '../fakes';

const ids = { customer: 'c1', ip: '203.0.113.7', domain: 'd1' };

describe('rate limit rules', () => {
  it('reads every scope, and names a rule it cannot read', () => {
    expect(parseRateLimits('customer:1/60, ip:30/300,domain:1000/3600,global:40000/86400')).toEqual([
      { scope: 'customer', limit: 1, windowSeconds: 60 },
      { scope: 'ip', limit: 30, windowSeconds: 300 },
      { scope: 'domain', limit: 1000, windowSeconds: 3600 },
      { scope: 'global', limit: 40000, windowSeconds: 86400 },
    ]);
    expect(() => parseRateLimits('mailbox:1/60')).toThrow('Rate limit "mailbox:1/60" is not of the form customer|ip|domain|global:<limit>/<seconds>');
    expect(() => parseRateLimits('global:0/60')).toThrow(/global:0\/60/);
    expect(() => parseRateLimits('customer:1/60,customer:2/60')).toThrow('Rate limits name customer with a 60 s window twice');
  });

  it('replaces the rules of the scopes an override names and keeps the others', () => {
    const base = parseRateLimits('customer:1/60,customer:5/3600,global:100/60');
    expect(overrideRateLimits(base, parseRateLimits('customer:2/60'))).toEqual(parseRateLimits('global:100/60,customer:2/60'));
    expect(overrideRateLimits(base, [])).toEqual(base);
  });

  it('splits a large budget into tenths of its window, each admitting 1/11 of the limit, so no window of its length admits more', () => {
    // 40,000 a day: tenths of 8,640 s admitting 3,636; any 86,400 s overlaps at most 11 tenths: 39,996.
    expect(subWindowOf({ limit: 40_000, windowSeconds: 86_400 }, 8_640_000 * 3 + 1)).toEqual({ index: 3, endMs: 8_640_000 * 4, share: 3636 });
    expect(subWindowOf({ limit: 33, windowSeconds: 60 }, 5_999)).toEqual({ index: 0, endMs: 6_000, share: 3 });
    expect(subWindowOf({ limit: 33, windowSeconds: 60 }, 6_000)).toMatchObject({ index: 1, endMs: 12_000 });
  });

  it('rounds a wait up to whole seconds, at least one', () => {
    expect([secondsUntil(10_001, 10_000), secondsUntil(12_000, 10_000), secondsUntil(9_000, 10_000)]).toEqual([1, 2, 1]);
  });
});

describe('mailboxes and domains', () => {
  it('drops the +tag of the local part, and keeps an address without one, or one that starts with +', () => {
    expect(['victim+1@example.com', 'victim+a+b@example.com', 'victim@example.com', '+only@example.com'].map(mailboxOf)).toEqual([
      'victim@example.com',
      'victim@example.com',
      'victim@example.com',
      '+only@example.com',
    ]);
    expect(domainOf('victim+1@mail.example.com')).toBe('mail.example.com');
  });

  // Gmail ignores dots and serves both domains; nowhere else is that promised, so dots stay there.
  it.each([
    ['m.b@gmail.com', 'mb@gmail.com'],
    ['mb@gmail.com', 'mb@gmail.com'],
    ['m.b+x.y@googlemail.com', 'mb@gmail.com'],
    ['.m..b.@gmail.com', 'mb@gmail.com'],
    ['m.b@example.com', 'm.b@example.com'],
    ['m.b@mail.gmail.com', 'm.b@mail.gmail.com'],
    ['m.b@gmail.co', 'm.b@gmail.co'],
    ['m.b@outlook.com', 'm.b@outlook.com'],
  ])('reads %s as the mailbox %s: dots dropped at gmail.com and googlemail.com only', (address, mailbox) => {
    expect(mailboxOf(address)).toBe(mailbox);
  });
});

describe('countRateLimits (the request path counts the client, the sender the rest)', () => {
  it('counts the customer, IP, domain and stage under their own keys, all at once', async () => {
    const limiter = new InMemoryRateLimiter();
    await countRateLimits(limiter, parseRateLimits('customer:1/60,ip:30/300,domain:1000/3600,global:40000/86400'), ids, 0);
    expect(limiter.hit.mock.calls.map(([key]) => key)).toEqual(['customer#c1', 'ip#203.0.113.7', 'domain#d1', 'global']);
  });

  it('skips IP rules for a request without a source IP, and still counts the others', async () => {
    const limiter = new InMemoryRateLimiter();
    await countRateLimits(limiter, parseRateLimits('customer:1/60,ip:1/300,global:40000/86400'), { ...ids, ip: undefined }, 0);
    expect(limiter.hit.mock.calls.map(([key]) => key)).toEqual(['customer#c1', 'global']);
  });

  it('answers the longest wait when two limits are over at once, and takes every count back', async () => {
    const limiter = new InMemoryRateLimiter();
    const rules = parseRateLimits('customer:1/60,ip:1/300,global:40000/86400');
    await countRateLimits(limiter, rules, ids, 0);

    await expect(countRateLimits(limiter, rules, ids, 10_000)).resolves.toEqual({ allowed: false, retryAfterSeconds: 290 });

    expect(limiter.refund).toHaveBeenCalledTimes(1);
    expect(limiter.counts.get('global#86400#0')).toBe(1);
  });

  it('admits again exactly one window after the oldest allowed request, not at a clock boundary', async () => {
    const limiter = new InMemoryRateLimiter();
    const rules = parseRateLimits('customer:2/60');
    await countRateLimits(limiter, rules, ids, 1_000);
    await countRateLimits(limiter, rules, ids, 59_000);

    await expect(countRateLimits(limiter, rules, ids, 60_500)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
    await expect(countRateLimits(limiter, rules, ids, 61_000)).resolves.toMatchObject({ allowed: true, hits: [expect.anything()] });
    await expect(countRateLimits(limiter, rules, ids, 61_001)).resolves.toEqual({ allowed: false, retryAfterSeconds: 58 });
  });

  it('takes back the counts that landed when a counter cannot be reached, then fails with its error', async () => {
    const limiter = new InMemoryRateLimiter();
    const real = limiter.hit.getMockImplementation()!;
    const outage = new DependencyUnavailableError('DynamoDB', new Error('unreachable'));
    limiter.hit.mockImplementation(async (key, ...rest) => (key === 'global' ? Promise.reject(outage) : real(key, ...rest)));

    await expect(countRateLimits(limiter, parseRateLimits('customer:1/60,global:40000/86400'), ids, 0)).rejects.toBe(outage);

    expect(limiter.refund.mock.calls[0]![0].map((hit) => hit.key)).toEqual(['customer#c1']);
    expect(limiter.logs.get('customer#c1#60')).toEqual([]);
  });
});

describe('clientCharges (the request path)', () => {
  it("charges only the client's own rules, each with its limit and window; without a client address, none", () => {
    const rules = parseRateLimits('customer:1/60,ip:30/300,domain:1/3600,ip:100/3600,global:1/86400');
    expect(clientCharges(rules, ids)).toEqual([
      { key: 'ip#203.0.113.7', limit: 30, windowSeconds: 300 },
      { key: 'ip#203.0.113.7', limit: 100, windowSeconds: 3600 },
    ]);
    expect(clientCharges(rules, { customer: 'c1' })).toEqual([]);
  });
});
