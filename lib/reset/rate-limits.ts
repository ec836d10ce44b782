import { TooManyRequestsError } from '../errors';
import type { RateLimiter, RateLimitHit } from '../ports';

/** One limit: at most `limit` requests per `windowSeconds`, counted per customer or per client IP. */
export interface RateLimitRule {
  readonly scope: 'customer' | 'ip';
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The defaults: one email a minute and five an hour per customer, thirty requests per five minutes per IP. */
export const DEFAULT_RATE_LIMITS = 'customer:1/60,customer:5/3600,ip:30/300';

/**
 * Parses `scope:limit/windowSeconds` rules separated by commas (`customer:1/60,ip:30/300`).
 * Throws with the offending rule named, so a bad setting fails the cold start loudly.
 */
export function parseRateLimits(spec: string): readonly RateLimitRule[] {
  return spec
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean)
    .map((rule) => {
      const match = /^(customer|ip):(\d+)\/(\d+)$/.exec(rule);
      const limit = Number(match?.[2]);
      const windowSeconds = Number(match?.[3]);
      if (!match || limit < 1 || windowSeconds < 1) throw new Error(`Rate limit "${rule}" is not of the form customer|ip:<limit>/<seconds>`);
      return { scope: match[1] as RateLimitRule['scope'], limit, windowSeconds };
    });
}

/**
 * Counts one request against every rule for this customer and client IP. Rules are counted for known
 * and unknown addresses alike (a 429 must not reveal an account). Over any limit: throws
 * {@link TooManyRequestsError} with the longest wait, after taking back this request's counts, so a
 * refused request does not extend the wait. If a counter cannot be reached, the counts that did land
 * are taken back before the error goes on: every call is waited for (a failed `Promise.all` would
 * leave the others landing later, unrefunded). Returns the hits, so a failure of ours can refund them.
 */
export async function enforceRateLimits(
  limiter: RateLimiter,
  rules: readonly RateLimitRule[],
  ids: { readonly customer: string; readonly ip: string | undefined },
  nowSeconds: number,
): Promise<readonly RateLimitHit[]> {
  const applicable = rules.filter((rule) => rule.scope === 'customer' || ids.ip !== undefined);
  const settled = await Promise.allSettled(
    applicable.map((rule) => limiter.hit(`${rule.scope}#${rule.scope === 'customer' ? ids.customer : ids.ip}`, rule.limit, rule.windowSeconds, nowSeconds)),
  );
  const hits = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await limiter.refund(hits);
    throw failure.reason;
  }
  const over = hits.filter((hit) => !hit.allowed);
  if (over.length > 0) {
    await limiter.refund(hits);
    throw new TooManyRequestsError(Math.max(...over.map((hit) => hit.retryAfterSeconds)));
  }
  return hits;
}
