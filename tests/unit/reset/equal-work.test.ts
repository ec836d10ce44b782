import { DependencyUnavailableError } from '../../../lib/errors';
import { imitateSend, RecentSends, recordSend } from '../../../lib/reset/equal-work';

const clockAt = (start: number) => {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
};

describe('RecentSends', () => {
  it('imitates the fallback before any send, then draws the wait from the recorded sends', () => {
    const sends = new RecentSends(3, 60_000, { milliseconds: 40, outcome: 'sent' });
    expect(sends.sample()).toEqual({ milliseconds: 40, outcome: 'sent' });
    sends.record(5, 'sent');
    sends.record(9, 'sent');
    expect(sends.sample(() => 0)).toMatchObject({ milliseconds: 5, outcome: 'sent' });
    expect(sends.sample(() => 0.99)).toMatchObject({ milliseconds: 9, outcome: 'sent' });
  });

  it('ends as the latest send ended, with the wait of a send that ended alike: one send into or out of an outage flips it', () => {
    const sends = new RecentSends();
    for (const ms of [50, 60, 70]) sends.record(ms, 'sent');
    sends.record(2_000, 'unavailable');
    expect([sends.sample(() => 0), sends.sample(() => 0.99)]).toMatchObject([
      { milliseconds: 2_000, outcome: 'unavailable' },
      { milliseconds: 2_000, outcome: 'unavailable' },
    ]);
    sends.record(80, 'sent');
    expect([sends.sample(() => 0), sends.sample(() => 0.99)]).toMatchObject([
      { milliseconds: 50, outcome: 'sent' },
      { milliseconds: 80, outcome: 'sent' },
    ]);
  });

  it('forgets the oldest send once full', () => {
    const sends = new RecentSends(2);
    for (const ms of [1, 2, 3]) sends.record(ms, 'sent');
    expect([sends.sample(() => 0).milliseconds, sends.sample(() => 0.99).milliseconds].sort()).toEqual([2, 3]);
  });

  it('ignores sends older than its window, so a past outage does not linger', () => {
    const clock = clockAt(1_000_000);
    const sends = new RecentSends(8, 60_000, { milliseconds: 40, outcome: 'sent' }, clock.now);
    sends.record(2_000, 'unavailable');
    clock.ms += 30_000;
    sends.record(2_500, 'unavailable');
    clock.ms += 40_000;
    expect(sends.sample(() => 0)).toMatchObject({ milliseconds: 2_500, outcome: 'unavailable' });
    clock.ms += 30_000;
    expect(sends.sample(() => 0)).toEqual({ milliseconds: 40, outcome: 'sent' });
  });
});

describe('recordSend and imitateSend', () => {
  /** A stranger's imitation after one customer's send that went `send`'s way. */
  async function imitationAfter(send: () => Promise<string>) {
    const sends = new RecentSends();
    const customer = recordSend(sends, send);
    await customer.catch(() => undefined);
    const sleep = jest.fn(async (_milliseconds: number) => undefined);
    const stranger = imitateSend(sends, sleep);
    await stranger.catch(() => undefined);
    return { customer, stranger, waited: sleep.mock.calls[0]![0] };
  }

  it('answers a stranger with a 200 after a customer was sent an email, having waited as long', async () => {
    const { customer, stranger, waited } = await imitationAfter(async () => 'sent');
    await expect(customer).resolves.toBe('sent');
    await expect(stranger).resolves.toBeUndefined();
    expect(waited).toBeGreaterThanOrEqual(0);
  });

  it('answers a stranger with the same 503 a customer got while SES was unavailable', async () => {
    const { customer, stranger } = await imitationAfter(async () => Promise.reject(new DependencyUnavailableError('SES', new Error('Throttling'))));
    await expect(customer).rejects.toMatchObject({ statusCode: 503, errorCode: 'ServiceUnavailable', expose: true });
    await expect(stranger).rejects.toMatchObject({ constructor: DependencyUnavailableError, statusCode: 503, errorCode: 'ServiceUnavailable', dependency: 'SES' });
  });

  it('answers a stranger with a 500 after a customer got one (an error that is not ours to expose)', async () => {
    const { customer, stranger } = await imitationAfter(async () => Promise.reject(new Error('AccessDenied')));
    await expect(customer).rejects.toThrow('AccessDenied');
    await expect(stranger).rejects.toMatchObject({ constructor: Error });
  });
});
