import { randomBytes, randomFillSync } from 'node:crypto';
import type { RandomBytes } from '../ports';

/**
 * `crypto.randomBytes` served from a pool the CSPRNG refills 4 KiB at a time, as Node itself does for
 * `crypto.randomUUID`. A call to the CSPRNG costs about 10 µs whatever its size, a copy from the pool
 * well under one. Every byte is handed out once, as a copy, and zeroed in the pool when it is.
 */
export function pooledRandomBytes(poolSize = 4096): RandomBytes {
  const pool = Buffer.allocUnsafeSlow(poolSize);
  let offset = poolSize;
  return (size) => {
    if (size > poolSize) return randomBytes(size);
    if (offset + size > poolSize) {
      randomFillSync(pool);
      offset = 0;
    }
    const bytes = Buffer.from(pool.subarray(offset, offset + size));
    pool.fill(0, offset, offset + size);
    offset += size;
    return bytes;
  };
}
