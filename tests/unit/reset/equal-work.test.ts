import { DependencyUnavailableError } from '../../../lib/errors';
import { drawResponseTime, imitateSend, parseResponseTime, RecentSends, recordSend } from '../../../lib/reset/equal-work';

const clockAt = (start: number) => {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
};

describe('RecentSends', () => {
  it('ends as sent before any send, then as the latest send ended: one send into or out of an outage flips it', () => {
    const sends = new RecentSends();
    expect(sends.outcome()).toBe('sent');
    sends.record('unavailable');
    expect(sends.outcome()).toBe('unavailable');
    sends.record('sent');
    expect(sends.outcome()).toBe('sent');
  });

  it('ignores a send older than its window, so a past outage does not linger', () => {
    const clock = clockAt(1_000_000);
    const sends = new RecentSends(60_000, clock.now);
    sends.record('unavailable');
    clock.ms += 60_000;
    expect(sends.outcome()).toBe('unavailable');
    clock.ms += 1;
    expect(sends.outcome()).toBe('sent');
  });
});

describe('recordSend and imitateSend', () => {
  /** A stranger's imitation after one customer's send that went `send`'s way. */
  async function imitationAfter(send: () => Promise<string>) {
    const sends = new RecentSends();
    const customer = recordSend(sends, send);
    await customer.catch(() => undefined);
    let stranger: unknown;
    try {
      imitateSend(sends);
    } catch (error) {
      stranger = error;
    }
    return { customer, stranger };
  }

  it('answers a stranger with a 200 after a customer was sent an email', async () => {
    const { customer, stranger } = await imitationAfter(async () => 'sent');
    await expect(customer).resolves.toBe('sent');
    expect(stranger).toBeUndefined();
  });

  it('answers a stranger with the same 503 a customer got while SES was unavailable', async () => {
    const { customer, stranger } = await imitationAfter(async () => Promise.reject(new DependencyUnavailableError('SES', new Error('Throttling'))));
    await expect(customer).rejects.toMatchObject({ statusCode: 503, errorCode: 'ServiceUnavailable', expose: true });
    expect(stranger).toMatchObject({ constructor: DependencyUnavailableError, statusCode: 503, errorCode: 'ServiceUnavailable', dependency: 'SES' });
  });

  it('answers a stranger with a 500 after a customer got one (an error that is not ours to expose)', async () => {
    const { customer, stranger } = await imitationAfter(async () => Promise.reject(new Error('AccessDenied')));
    await expect(customer).rejects.toThrow('AccessDenied');
    expect(stranger).toMatchObject({ constructor: Error });
  });
});

describe('response time', () => {
  it('parses min-max milliseconds, or one number for a fixed time', () => {
    expect(parseResponseTime('500-800')).toEqual({ minMs: 500, maxMs: 800 });
    expect(parseResponseTime(' 80 - 110 ')).toEqual({ minMs: 80, maxMs: 110 });
    expect(parseResponseTime('0')).toEqual({ minMs: 0, maxMs: 0 });
  });

  it.each(['', 'fast', '800-500', '-5', '100-20000', '1.5-2', '100-'])('refuses %p', (value) => {
    expect(() => parseResponseTime(value)).toThrow(/range of milliseconds such as 500-800/);
  });

  it('draws whole milliseconds uniformly over the range, both ends included', () => {
    const range = { minMs: 100, maxMs: 103 };
    const draw = (first: number) => drawResponseTime(range, (size) => Buffer.from([first, ...Array<number>(size - 1).fill(0)]));
    // Each quarter of the 32-bit space gives one of the four values.
    expect([0x00, 0x3f, 0x40, 0x80, 0xc0, 0xff].map(draw)).toEqual([100, 100, 101, 102, 103, 103]);
    expect(drawResponseTime({ minMs: 7, maxMs: 7 }, () => Buffer.alloc(4, 0xff))).toBe(7);
  });
});
