jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, randomBytes: jest.fn(actual.randomBytes), randomFillSync: jest.fn(actual.randomFillSync) };
});

import { randomBytes, randomFillSync } from 'node:crypto';
import { pooledRandomBytes } from '../../../lib/reset/random-pool';

beforeEach(() => jest.clearAllMocks());

describe('pooledRandomBytes and the CSPRNG', () => {
  it('fills the pool once for as many draws as fit exactly, and again for the next', () => {
    const random = pooledRandomBytes(64);

    random(32);
    random(32);
    expect(randomFillSync).toHaveBeenCalledTimes(1);
    random(1);
    expect(randomFillSync).toHaveBeenCalledTimes(2);
    expect(randomBytes).not.toHaveBeenCalled();
  });

  it('serves a draw the size of the whole pool from the pool', () => {
    expect(pooledRandomBytes(64)(64)).toHaveLength(64);
    expect(randomFillSync).toHaveBeenCalledTimes(1);
    expect(randomBytes).not.toHaveBeenCalled();
  });

  it('serves a draw larger than the pool straight from the CSPRNG, leaving the pool alone', () => {
    expect(pooledRandomBytes(64)(65)).toHaveLength(65);
    expect(randomBytes).toHaveBeenCalledWith(65);
    expect(randomFillSync).not.toHaveBeenCalled();
  });
});
