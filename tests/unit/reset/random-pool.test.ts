import { pooledRandomBytes } from '../../../lib/reset/random-pool';

describe('pooledRandomBytes', () => {
  it('hands out fresh bytes of the size asked, never the same twice, across refills', () => {
    const random = pooledRandomBytes(64);
    const draws = Array.from({ length: 50 }, () => random(32));
    expect(draws.every((bytes) => bytes.length === 32)).toBe(true);
    expect(new Set(draws.map((bytes) => bytes.toString('hex'))).size).toBe(50);
  });

  it('gives each caller its own copy, so later draws cannot change earlier ones', () => {
    const random = pooledRandomBytes(64);
    const first = random(16);
    const kept = Buffer.from(first);
    for (let i = 0; i < 10; i++) random(16);
    expect(first.equals(kept)).toBe(true);
  });

  it('serves sizes larger than the pool straight from the CSPRNG', () => {
    expect(pooledRandomBytes(16)(64)).toHaveLength(64);
  });
});
