import { TooManyRequestsError } from '../../../lib/errors';
import type { RateLimitHit } from '../../../lib/ports';
import type { RateLimitRule } from '../../../lib/reset/rate-limits';
import { requestPasswordReset } from '../../../lib/reset/request-password-reset';
import { devBrands, resetDeps } from '../fakes';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
/** A caller API Gateway could not name an IP for (a test invoke, a misconfigured proxy). */
const noSourceIp = { acceptLanguage: undefined, sourceIp: undefined };

/** The dev brands with `rules` as every brand's own limits. */
const brandsWith = (rules: readonly RateLimitRule[]) => ({
  ...devBrands,
  defaultBrand: { ...devBrands.defaultBrand, rateLimits: rules },
  findBrand: (name: string) => {
    const brand = devBrands.findBrand(name);
    return brand && { ...brand, rateLimits: rules };
  },
});

describe('rate limits of a request without a source IP', () => {
  it('is never refused for the mailbox: its limits pace the sender, not the request', async () => {
    const deps = resetDeps(NOW);

    await requestPasswordReset({ Email: 'jane@example.com' }, noSourceIp, deps);
    deps.clock.advance(10);

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, noSourceIp, deps)).resolves.toMatchObject({ brand: 'PumpAlarm' });
    expect(deps.tokens.stream).toHaveLength(2);
  });

  it('counts no IP limit, rather than one counter shared by every such request', async () => {
    const deps = { ...resetDeps(NOW), brands: brandsWith([{ scope: 'ip', limit: 2, windowSeconds: 300 }]) };

    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await expect(requestPasswordReset({ Email: email }, noSourceIp, deps)).resolves.toMatchObject({ brand: 'PumpAlarm' });
    }
    expect(deps.rateLimiter.hit).not.toHaveBeenCalled();
  });

  it('counts the IP limit under the caller IP when there is one', async () => {
    const deps = { ...resetDeps(NOW), brands: brandsWith([{ scope: 'ip', limit: 2, windowSeconds: 300 }]) };

    await requestPasswordReset({ Email: 'a@example.com' }, { acceptLanguage: undefined, sourceIp: '203.0.113.7' }, deps);

    expect(deps.rateLimiter.hit).toHaveBeenCalledWith('ip#203.0.113.7', 2, 300, NOW);
  });
});

describe('rate limits broken at once', () => {
  /** A limiter that answers each key with the given hit, whatever the count. */
  function limiterAnswering(answers: Record<string, Pick<RateLimitHit, 'allowed' | 'retryAfterSeconds'>>) {
    const deps = resetDeps(NOW);
    deps.rateLimiter.hit.mockImplementation(async (key, limit, windowSeconds) => ({ key, windowKey: `${key}#${windowSeconds}`, ...answers[`${key.split('#')[0]}:${limit}/${windowSeconds}`]! }));
    return deps;
  }
  const rules: readonly RateLimitRule[] = [
    { scope: 'ip', limit: 1, windowSeconds: 60 },
    { scope: 'ip', limit: 5, windowSeconds: 3600 },
    { scope: 'ip', limit: 30, windowSeconds: 300 },
    // Not the request path's: never counted there, never a reason for a 429.
    { scope: 'customer', limit: 1, windowSeconds: 360 },
  ];

  it('asks the caller to wait for the longest of the broken limits, not the first or the shortest', async () => {
    const deps = {
      ...limiterAnswering({
        'ip:1/60': { allowed: false, retryAfterSeconds: 45 },
        'ip:5/3600': { allowed: false, retryAfterSeconds: 1800 },
        // A limit still kept says nothing about the wait, however far its window reaches.
        'ip:30/300': { allowed: true, retryAfterSeconds: 2400 },
      }),
      brands: brandsWith(rules),
    };

    const refused = requestPasswordReset({ Email: 'jane@example.com' }, { acceptLanguage: undefined, sourceIp: '203.0.113.7' }, deps);

    await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(refused).rejects.toMatchObject({ statusCode: 429, headers: { 'Retry-After': '1800' } });
    await expect(refused).rejects.toThrow('Try again in 1800 seconds.');
    // A refused request must not extend the wait: every count it made is taken back.
    expect(deps.rateLimiter.refund).toHaveBeenCalledWith([expect.objectContaining({ key: 'ip#203.0.113.7' }), expect.objectContaining({ key: 'ip#203.0.113.7' }), expect.objectContaining({ key: 'ip#203.0.113.7' })]);
    expect(deps.mailer.sendEmail).not.toHaveBeenCalled();
  });

  it('answers with the one broken limit when only one is', async () => {
    const deps = {
      ...limiterAnswering({
        'ip:1/60': { allowed: true, retryAfterSeconds: 45 },
        'ip:5/3600': { allowed: true, retryAfterSeconds: 1800 },
        'ip:30/300': { allowed: false, retryAfterSeconds: 120 },
      }),
      brands: brandsWith(rules),
    };

    await expect(requestPasswordReset({ Email: 'jane@example.com' }, { acceptLanguage: undefined, sourceIp: '203.0.113.7' }, deps)).rejects.toMatchObject({
      headers: { 'Retry-After': '120' },
    });
  });
});
