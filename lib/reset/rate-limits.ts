import type { RateLimitCharge, RateLimiter, RateLimitHit } from '../ports';

/** Who a limit counts: see {@link RateLimitIds}. */
export type RateLimitScope = 'customer' | 'ip' | 'domain' | 'global';

/** One limit: at most `limit` requests in any `windowSeconds`, counted per scope (see {@link RateLimitIds}). */
export interface RateLimitRule {
  readonly scope: RateLimitScope;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * The defaults. Per client IP thirty requests in five minutes: the only limit that refuses (429).
 * The others pace the sender (send-queued-email.ts) and never refuse a request: per customer mailbox
 * one email every six minutes (at most 10 in any hour; a customer waits at most six minutes, see
 * {@link mailboxScheduleOf}); per recipient domain a thousand an hour; and for the whole stage 40,000
 * a day, 80% of SES's starting quota for a production account (50,000 a day), which leaves room for
 * the "password changed" notices. Raise `global` with the account's quota (docs/configuration.md).
 */
export const DEFAULT_RATE_LIMITS = 'customer:1/360,ip:30/300,domain:1000/3600,global:40000/86400';

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
 * token.ts), `ip` the client (see {@link clientIdOf}), `domain` an id of the recipient's domain (see
 * {@link DOMAIN_ID_SPACE}), and `global` everything the stage sends. A scope without an id is not
 * counted: the request path counts only the client, the sender only the others.
 */
export interface RateLimitIds {
  readonly customer?: string;
  readonly ip?: string;
  readonly domain?: string;
}

/**
 * Recipient domains get ids like customers' (an HMAC under the same key, so the table does not name
 * them), in a space of their own: no brand key starts with `@`.
 */
export const DOMAIN_ID_SPACE = '@domain';

function keyOf(rule: RateLimitRule, ids: RateLimitIds): string | undefined {
  if (rule.scope === 'global') return 'global';
  const id = ids[rule.scope];
  return id === undefined ? undefined : `${rule.scope}#${id}`;
}

/** The outcome of counting against a set of rules: the hits, or how long until all would allow. */
export type RateLimitCount = { readonly allowed: true; readonly hits: readonly RateLimitHit[] } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts one event against every rule, all at once (one round trip). Over any limit: the event's
 * counts are taken back, so a refused one does not use up another limit, and the answer says the
 * longest wait (whole seconds). If a counter cannot be reached, the counts that did land are taken
 * back before the error goes on: every call is waited for (a failed `Promise.all` would leave the
 * others landing later, unrefunded). The hits of an allowed event are returned, so a failure of ours
 * can refund them.
 *
 * @param nowMs epoch milliseconds
 */
export async function countRateLimits(limiter: RateLimiter, rules: readonly RateLimitRule[], ids: RateLimitIds, nowMs: number): Promise<RateLimitCount> {
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
  if (over.length === 0) return { allowed: true, hits };
  await limiter.refund(hits);
  return { allowed: false, retryAfterSeconds: Math.max(...over.map((hit) => hit.retryAfterSeconds)) };
}

/**
 * The request path's charges: the caller's own rate only ({@link REFUSING_SCOPES}), one per rule,
 * keyed as {@link countRateLimits} keys them. The mailbox, domain and stage rules are the sender's
 * schedule (send-queued-email.ts): what others send to a mailbox, a domain or the stage never refuses
 * a request. They are the same for known and unknown addresses (a 429 must not reveal an account).
 */
export function clientCharges(rules: readonly RateLimitRule[], ids: RateLimitIds): readonly RateLimitCharge[] {
  return rules.flatMap((rule) => {
    const key = REFUSING_SCOPES.has(rule.scope) ? keyOf(rule, ids) : undefined;
    return key === undefined ? [] : [{ key, limit: rule.limit, windowSeconds: rule.windowSeconds }];
  });
}

/** The one scope whose excess is refused: a client's own requests. */
export const REFUSING_SCOPES: ReadonlySet<RateLimitScope> = new Set(['ip']);

/**
 * The key a client's requests are counted under: an IPv4 address as it is; an IPv6 address by its
 * /64 network (`2001:db8:0:1::/64`), since one subscriber or host is routinely handed a whole /64
 * (RFC 6177, RFC 8273) and could otherwise give each request an address of its own; an IPv4-mapped
 * IPv6 address (`::ffff:192.0.2.1`) as its IPv4 address. Undefined stays undefined (no IP rules).
 */
export function clientIdOf(sourceIp: string | undefined): string | undefined {
  if (!sourceIp?.includes(':')) return sourceIp;
  const address = (sourceIp.split('%')[0] ?? '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  const [head = '', tail] = address.split('::');
  // A dotted IPv4 tail stands for two groups; it lies in the last 64 bits either way.
  const groupsOf = (part: string | undefined) => (part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const left = groupsOf(head);
  const right = groupsOf(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => (parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}

/** A customer mailbox's schedule under a brand's `customer` rules (see {@link mailboxScheduleOf}). */
export interface MailboxSchedule {
  /** The longest a request waits for its email, whatever else is asked for the mailbox (seconds). */
  readonly longestWaitSeconds: number;
  /** The most emails the mailbox can get in any hour (any 3,600 s). */
  readonly mostEmailsPerHour: number;
}

/**
 * What the `customer` rules promise, whatever an attacker asks for. The sender sends a mailbox's
 * email as soon as every rule allows one, and a request made meanwhile is folded into that email
 * (it carries the newest link), so asking more never pushes a send later. With `c` the longest
 * window of a one-email rule (the cooldown; 0 without one), a rule of `n` per `w` holds back a send
 * at most `w - (n - 1) * c` seconds: the `n` sends in its window are at least `c` apart, so the
 * oldest leaves the window by then. An hour holds at most `n * ceil(3600 / w)` sends of a rule's.
 * Without `customer` rules: no wait, no bound (Infinity).
 */
export function mailboxScheduleOf(rules: readonly RateLimitRule[]): MailboxSchedule {
  const mailbox = rules.filter((rule) => rule.scope === 'customer');
  const cooldown = Math.max(0, ...mailbox.filter((rule) => rule.limit === 1).map((rule) => rule.windowSeconds));
  return {
    longestWaitSeconds: Math.max(0, ...mailbox.map((rule) => rule.windowSeconds - (rule.limit - 1) * cooldown)),
    mostEmailsPerHour: Math.min(Infinity, ...mailbox.map((rule) => rule.limit * Math.ceil(3600 / rule.windowSeconds))),
  };
}
