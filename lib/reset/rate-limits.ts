import { TooManyRequestsError } from '../errors';
import type { RateLimiter, RateLimitHit } from '../ports';

/** Who a limit counts: see {@link RateLimitIds}. */
export type RateLimitScope = 'customer' | 'ip' | 'domain' | 'global';

/** One limit: at most `limit` requests in any `windowSeconds`, counted per scope (see {@link RateLimitIds}). */
export interface RateLimitRule {
  readonly scope: RateLimitScope;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * The defaults: per customer mailbox one email a minute and five an hour; per client IP thirty
 * requests in five minutes; per recipient domain a thousand an hour; and for the whole stage 40,000
 * a day, 80% of SES's starting quota for a production account (50,000 a day), which leaves room for
 * the "password changed" notices. Raise `global` with the account's quota (docs/configuration.md).
 */
export const DEFAULT_RATE_LIMITS = 'customer:1/60,customer:5/3600,ip:30/300,domain:1000/3600,global:40000/86400';

/**
 * Up to this many requests per window a limit keeps an exact sliding log (one timestamp per allowed
 * request); above it, a budget over sub-windows (see {@link subWindowOf}). 32 timestamps keep the
 * item under 1 KB, one write unit.
 */
export const SLIDING_LOG_MAX = 32;

/** Sub-windows of a large budget's window; each admits 1/(SUB_WINDOWS + 1) of the limit. */
export const SUB_WINDOWS = 10;

/** A large budget's current sub-window: its number, its end (epoch ms), and how many it admits. */
export interface SubWindow {
  readonly index: number;
  readonly endMs: number;
  readonly share: number;
}

/**
 * The sub-window of a large budget at `nowMs`. Any stretch of `windowSeconds` overlaps at most
 * SUB_WINDOWS + 1 sub-windows, so letting each admit `floor(limit / (SUB_WINDOWS + 1))` never lets
 * more than `limit` through in any window of the rule's length (a fixed window lets up to twice the
 * limit straddle its boundary). The price: a steady flow gets about 10/11 of the limit, and a burst
 * at most a share. Only for limits above {@link SLIDING_LOG_MAX}, so every share is at least 3.
 */
export function subWindowOf(rule: { readonly limit: number; readonly windowSeconds: number }, nowMs: number): SubWindow {
  const lengthMs = (rule.windowSeconds * 1000) / SUB_WINDOWS;
  const index = Math.floor(nowMs / lengthMs);
  return { index, endMs: Math.ceil((index + 1) * lengthMs), share: Math.floor(rule.limit / (SUB_WINDOWS + 1)) };
}

/** Whole seconds from `nowMs` until `atMs`, at least 1 (Retry-After is in whole seconds). */
export const secondsUntil = (atMs: number, nowMs: number): number => Math.max(1, Math.ceil((atMs - nowMs) / 1000));

const RULE_PATTERN = /^(customer|ip|domain|global):(\d+)\/(\d+)$/;

/**
 * Parses `scope:limit/windowSeconds` rules separated by commas (`customer:1/60,ip:30/300`).
 * Throws with the offending rule named, so a bad setting fails the cold start loudly; two rules of
 * one scope and window are refused too (they would share one counter item).
 */
export function parseRateLimits(spec: string): readonly RateLimitRule[] {
  const rules = spec
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean)
    .map((rule) => {
      const match = RULE_PATTERN.exec(rule);
      const limit = Number(match?.[2]);
      const windowSeconds = Number(match?.[3]);
      if (!match || limit < 1 || windowSeconds < 1) throw new Error(`Rate limit "${rule}" is not of the form customer|ip|domain|global:<limit>/<seconds>`);
      return { scope: match[1] as RateLimitScope, limit, windowSeconds };
    });
  const seen = new Set<string>();
  for (const { scope, windowSeconds } of rules) {
    if (seen.has(`${scope}/${windowSeconds}`)) throw new Error(`Rate limits name ${scope} with a ${windowSeconds} s window twice`);
    seen.add(`${scope}/${windowSeconds}`);
  }
  return rules;
}

/**
 * `override`'s rules in place of `base`'s for every scope `override` names; `base`'s other scopes
 * stay. So a brand (or a stage's RATE_LIMITS) that sets its own customer limits keeps the domain and
 * global budgets that guard the SES account.
 */
export function overrideRateLimits(base: readonly RateLimitRule[], override: readonly RateLimitRule[]): readonly RateLimitRule[] {
  const replaced = new Set(override.map((rule) => rule.scope));
  return [...base.filter((rule) => !replaced.has(rule.scope)), ...override];
}

/**
 * What each scope counts: `customer` the brand's customer mailbox (an HMAC id, see mailbox.ts and
 * token.ts), `ip` the client's address (no IP, no IP rules), `domain` an id of the recipient's domain,
 * and `global` everything the stage sends.
 */
export interface RateLimitIds {
  readonly customer: string;
  readonly ip: string | undefined;
  readonly domain: string;
}

function keyOf(rule: RateLimitRule, ids: RateLimitIds): string | undefined {
  if (rule.scope === 'global') return 'global';
  const id = ids[rule.scope];
  return id === undefined ? undefined : `${rule.scope}#${id}`;
}

/**
 * Counts one request against every rule. Rules are counted for known and unknown addresses alike
 * (a 429 must not reveal an account), all at once (one round trip). Over any limit: throws
 * {@link TooManyRequestsError} with the longest wait, after taking back this request's counts, so a
 * refused request does not use up another limit. If a counter cannot be reached, the counts that did
 * land are taken back before the error goes on: every call is waited for (a failed `Promise.all`
 * would leave the others landing later, unrefunded). Returns the hits, so a failure of ours can
 * refund them.
 *
 * @param nowMs epoch milliseconds
 */
export async function enforceRateLimits(
  limiter: RateLimiter,
  rules: readonly RateLimitRule[],
  ids: RateLimitIds,
  nowMs: number,
): Promise<readonly RateLimitHit[]> {
  const settled = await Promise.allSettled(
    rules.flatMap((rule) => {
      const key = keyOf(rule, ids);
      return key === undefined ? [] : [limiter.hit(key, rule.limit, rule.windowSeconds, nowMs)];
    }),
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
