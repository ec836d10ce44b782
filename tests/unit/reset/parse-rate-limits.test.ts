import { DEFAULT_RATE_LIMITS, parseRateLimits } from '../../../lib/reset/rate-limits';

describe('parseRateLimits', () => {
  it('reads the defaults: one email every six minutes per customer, thirty requests per five minutes per IP', () => {
    expect(parseRateLimits(DEFAULT_RATE_LIMITS)).toEqual(expect.arrayContaining([
      { scope: 'customer', limit: 1, windowSeconds: 360 },
      { scope: 'ip', limit: 30, windowSeconds: 300 },
    ]));
  });

  it('takes a window of one second and skips empty entries', () => {
    expect(parseRateLimits(' ip:1/1 ,, ')).toEqual([{ scope: 'ip', limit: 1, windowSeconds: 1 }]);
  });

  it.each(['customer:0/60', 'customer:1/0', 'xcustomer:1/60', 'customer:1/60s', 'customer:1/60/60', 'customer:-1/60', 'customer:1.5/60'])(
    'refuses %s, naming it',
    (rule) => {
      expect(() => parseRateLimits(`ip:30/300,${rule}`)).toThrow(`Rate limit "${rule}" is not of the form`);
    },
  );
});
