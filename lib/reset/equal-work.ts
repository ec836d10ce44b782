import { DependencyUnavailableError } from '../errors';
import type { RandomBytes } from '../ports';

/**
 * How a send ended for the caller: sent (SES refusing a recipient counts as sent, see ses-mailer.ts),
 * SES unavailable (a 503), or failed otherwise (a 500).
 */
export type SendOutcome = 'sent' | 'unavailable' | 'failed';

/**
 * How the reset emails this instance has lately sent ended. A request for an address the brand's
 * directory does not know sends nothing, so on its own it would answer 200 while SES is down and
 * customers get a 503. Ending as the latest send ended makes both paths end alike (RESET.md: neither
 * the answer nor its timing may tell a customer from a stranger). Only the outcome is imitated: how
 * long a request takes is set by {@link ResponseTime}, the same for every request whatever the
 * traffic, since a wait copied from customers' sends told a probed customer apart.
 */
export class RecentSends {
  private latest: { readonly outcome: SendOutcome; readonly at: number } | undefined;

  /**
   * @param maxAgeMs an older send is ignored: an outage that has passed must not linger for strangers
   * @param now the clock, in epoch milliseconds
   */
  constructor(
    private readonly maxAgeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(outcome: SendOutcome): void {
    this.latest = { outcome, at: this.now() };
  }

  /**
   * What a customer's send would do now: end as the latest send within `maxAgeMs` ended (the best
   * guess at SES's state: one send after an outage begins or ends, strangers follow), else `sent`.
   */
  outcome(): SendOutcome {
    return this.latest && this.latest.at >= this.now() - this.maxAgeMs ? this.latest.outcome : 'sent';
  }
}

/** Sends, recording how the send ended. */
export async function recordSend<T>(sends: RecentSends, send: () => Promise<T>): Promise<T> {
  try {
    const result = await send();
    sends.record('sent');
    return result;
  } catch (error) {
    sends.record(error instanceof DependencyUnavailableError ? 'unavailable' : 'failed');
    throw error;
  }
}

/**
 * In place of a send: ends as the latest send ended: a 503 as SES being unavailable gave, or an
 * unexpected failure, which every path answers with the same generic 500 (response-status.ts),
 * whatever error the customer's send met. It does not wait: the answer's time is {@link ResponseTime}'s.
 */
export function imitateSend(sends: RecentSends): void {
  const outcome = sends.outcome();
  if (outcome === 'unavailable') throw new DependencyUnavailableError('SES', new Error('imitating a recent send that found SES unavailable'));
  if (outcome === 'failed') throw new Error('imitating a recent send that failed');
}

/**
 * The range a reset request's answer time is drawn from (RESET_RESPONSE_TIME_MS, docs/configuration.md),
 * in milliseconds from the start of the use case, `minMs <= maxMs`.
 */
export interface ResponseTime {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * The default: above a reset's whole work in AWS (rate-limit counts, directory lookup, lease,
 * SendEmail, release: a few DynamoDB calls of single-digit milliseconds and one SES call). AWS
 * publishes no latency figure for SendEmail, so this is a setting: a request whose Lambda Duration
 * exceeds `maxMs` overran its drawn time, and the range should be raised (docs/configuration.md).
 */
export const DEFAULT_RESPONSE_TIME: ResponseTime = Object.freeze({ minMs: 500, maxMs: 800 });

/**
 * Parses `min-max` (milliseconds, whole numbers, `min <= max`, at most 10 s), e.g. `500-800`; a single
 * number is a fixed time. Throws an Error saying what is wrong.
 */
export function parseResponseTime(value: string): ResponseTime {
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(value.trim());
  const minMs = Number(match?.[1]);
  const maxMs = match?.[2] === undefined ? minMs : Number(match[2]);
  if (!match || minMs > maxMs || maxMs > 10_000) throw new Error(`"${value}" is not a range of milliseconds such as 500-800 (min <= max <= 10000)`);
  return Object.freeze({ minMs, maxMs });
}

/**
 * A request's answer time, in milliseconds from its start: uniform over the range, drawn from the
 * CSPRNG so that an attacker cannot predict it from earlier answers (with Math.random's xorshift128+,
 * a few observed times would reveal the state, and with it by how much a slow send overran).
 */
export function drawResponseTime(range: ResponseTime, randomBytes: RandomBytes): number {
  return range.minMs + Math.floor((randomBytes(4).readUInt32BE(0) / 2 ** 32) * (range.maxMs - range.minMs + 1));
}

/** The wait itself, injectable so tests need not sleep. */
export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));
