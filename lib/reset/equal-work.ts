import { DependencyUnavailableError } from '../errors';

/**
 * How a send ended for the caller: sent (SES refusing a recipient counts as sent, see ses-mailer.ts),
 * SES unavailable (a 503), or failed otherwise (a 500).
 */
export type SendOutcome = 'sent' | 'unavailable' | 'failed';

export interface SendSample {
  readonly milliseconds: number;
  readonly outcome: SendOutcome;
}

/**
 * The reset emails this instance has lately sent: how long each took and how it ended. A request for
 * an address the brand's directory does not know sends nothing, so on its own it would answer faster
 * than one that sends, and with a 200 while SES is down and customers get a 503. Imitating a recent
 * send makes both paths take alike and end alike (RESET.md: neither the answer nor its timing may
 * tell a customer from a stranger).
 */
export class RecentSends {
  private readonly samples: Array<SendSample & { readonly at: number }> = [];
  private next = 0;

  /**
   * @param capacity how many recent sends to remember (a ring buffer)
   * @param maxAgeMs older samples are ignored: an outage that has passed must not linger for strangers
   * @param fallback what to imitate before this instance has sent anything lately
   */
  constructor(
    private readonly capacity = 64,
    private readonly maxAgeMs = 10 * 60_000,
    private readonly fallback: SendSample = { milliseconds: 40, outcome: 'sent' },
    private readonly now: () => number = Date.now,
  ) {}

  record(milliseconds: number, outcome: SendOutcome): void {
    this.samples[this.next] = { milliseconds, outcome, at: this.now() };
    this.next = (this.next + 1) % this.capacity;
  }

  /**
   * What a customer's send would do now: end as the latest send ended (the best guess at SES's state:
   * one send after an outage begins or ends, strangers follow), taking as long as a recent send that
   * ended alike, chosen at random so the waits follow those sends' distribution.
   */
  sample(random: () => number = Math.random): SendSample {
    const since = this.now() - this.maxAgeMs;
    const latest = this.samples[(this.next + this.capacity - 1) % this.capacity];
    if (!latest || latest.at < since) return this.fallback;
    const alike = this.samples.filter((sample) => sample.outcome === latest.outcome && sample.at >= since);
    return alike[Math.floor(random() * alike.length)]!;
  }
}

/** Sends, recording how long the send took and how it ended. */
export async function recordSend<T>(sends: RecentSends, send: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await send();
    sends.record(performance.now() - started, 'sent');
    return result;
  } catch (error) {
    sends.record(performance.now() - started, error instanceof DependencyUnavailableError ? 'unavailable' : 'failed');
    throw error;
  }
}

/**
 * In place of a send: waits as long as a recent send took and ends as it ended: a 503 as SES being
 * unavailable gave, or an unexpected failure, which every path answers with the same generic 500
 * (response-status.ts), whatever error the customer's send met.
 */
export async function imitateSend(sends: RecentSends, sleep: (milliseconds: number) => Promise<void>): Promise<void> {
  const { milliseconds, outcome } = sends.sample();
  await sleep(milliseconds);
  if (outcome === 'unavailable') throw new DependencyUnavailableError('SES', new Error('imitating a recent send that found SES unavailable'));
  if (outcome === 'failed') throw new Error('imitating a recent send that failed');
}

/** The wait itself, injectable so tests need not sleep. */
export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));
