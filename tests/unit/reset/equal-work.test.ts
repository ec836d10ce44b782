import { SendLatencySampler } from '../../../lib/reset/equal-work';

describe('SendLatencySampler', () => {
  it('waits the fallback before any send, then draws from the recorded sends', () => {
    const sampler = new SendLatencySampler(3, 40);
    expect(sampler.sample()).toBe(40);
    sampler.record(5);
    sampler.record(9);
    expect(sampler.sample(() => 0)).toBe(5);
    expect(sampler.sample(() => 0.99)).toBe(9);
  });

  it('forgets the oldest send once full', () => {
    const sampler = new SendLatencySampler(2, 40);
    for (const ms of [1, 2, 3]) sampler.record(ms);
    expect([sampler.sample(() => 0), sampler.sample(() => 0.99)].sort()).toEqual([2, 3]);
  });
});
