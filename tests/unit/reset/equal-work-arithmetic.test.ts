import { DependencyUnavailableError } from '../../../lib/errors';
import { imitateSend, RecentSends, recordSend, sleep } from '../../../lib/reset/equal-work';

const clockAt = (start: number) => {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
};
const TEN_MINUTES = 10 * 60_000;

afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('RecentSends defaults', () => {
  it('imitates a 40 ms send that went out before anything was sent', () => {
    expect(new RecentSends().sample()).toEqual({ milliseconds: 40, outcome: 'sent' });
    expect(new RecentSends(1).sample()).toEqual({ milliseconds: 40, outcome: 'sent' });
  });

  it('remembers sends for ten minutes, to the millisecond', () => {
    const clock = clockAt(5_000_000);
    const sends = new RecentSends(undefined, undefined, undefined, clock.now);
    sends.record(2_000, 'unavailable');

    clock.ms += TEN_MINUTES;
    expect(sends.sample(() => 0)).toMatchObject({ milliseconds: 2_000, outcome: 'unavailable' });
    clock.ms += 1;
    expect(sends.sample(() => 0)).toEqual({ milliseconds: 40, outcome: 'sent' });
  });
});

describe('RecentSends window edges', () => {
  it('still draws from a send exactly as old as the window', () => {
    const clock = clockAt(1_000_000);
    const sends = new RecentSends(8, 60_000, { milliseconds: 40, outcome: 'sent' }, clock.now);
    sends.record(5, 'sent');
    clock.ms += 10;
    sends.record(9, 'sent');
    clock.ms += 60_000 - 10;

    // The first send is now exactly 60 s old: still in the window, and the first to draw.
    expect(sends.sample(() => 0)).toMatchObject({ milliseconds: 5, outcome: 'sent' });
    clock.ms += 1;
    expect(sends.sample(() => 0)).toMatchObject({ milliseconds: 9, outcome: 'sent' });
  });

  it('draws each recent send alike with equal chance, by the random number given', () => {
    const sends = new RecentSends();
    for (const ms of [10, 20, 30, 40]) sends.record(ms, 'sent');
    expect([0, 0.25, 0.5, 0.75, 0.999].map((r) => sends.sample(() => r).milliseconds)).toEqual([10, 20, 30, 40, 40]);
  });
});

describe('recordSend', () => {
  it('records how long the send took, from start to end', async () => {
    const sends = new RecentSends();
    jest.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(1_250);

    await expect(recordSend(sends, async () => 'sent')).resolves.toBe('sent');

    expect(sends.sample()).toMatchObject({ milliseconds: 250, outcome: 'sent' });
  });

  it('records a failed send with its duration and how it failed', async () => {
    const sends = new RecentSends();
    jest.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(3_500).mockReturnValueOnce(4_000).mockReturnValueOnce(4_300);

    await expect(recordSend(sends, () => Promise.reject(new DependencyUnavailableError('SES', new Error('Throttling'))))).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(sends.sample()).toMatchObject({ milliseconds: 2_500, outcome: 'unavailable' });
    await expect(recordSend(sends, () => Promise.reject(new Error('AccessDenied')))).rejects.toThrow('AccessDenied');
    expect(sends.sample()).toMatchObject({ milliseconds: 300, outcome: 'failed' });
  });
});

describe('imitateSend', () => {
  it('says in its error that it imitated, so a log line does not report an SES failure that never happened', async () => {
    const unavailable = new RecentSends(8, 60_000, { milliseconds: 1, outcome: 'unavailable' });
    const failed = new RecentSends(8, 60_000, { milliseconds: 1, outcome: 'failed' });
    const noWait = async () => undefined;

    const outage = await imitateSend(unavailable, noWait).catch((error: unknown) => error);
    expect(outage).toBeInstanceOf(DependencyUnavailableError);
    expect((outage as DependencyUnavailableError).cause).toEqual(new Error('imitating a recent send that found SES unavailable'));
    await expect(imitateSend(failed, noWait)).rejects.toThrow('imitating a recent send that failed');
  });
});

describe('sleep', () => {
  it('waits the given milliseconds before it resolves', async () => {
    jest.useFakeTimers();
    const done = jest.fn();
    const waiting = sleep(50).then(done);

    await jest.advanceTimersByTimeAsync(49);
    expect(done).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toHaveBeenCalledTimes(1);
  });
});
