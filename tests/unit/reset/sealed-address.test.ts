import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { addressSealerUnder, SEALED_ADDRESS_BYTES } from '../../../lib/reset/sealed-address';

const key = 'an-address-key-of-more-than-32-characters';
const sealer = addressSealerUnder(key, randomBytes);

describe('sealed addresses', () => {
  it('seals every address, short or as long as the service accepts, to the same number of bytes, and opens it again', () => {
    const longest = `${'ü'.repeat(64)}@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    for (const address of ['a@b.co', 'jane.doe+work@example.com', longest]) {
      const sealed = sealer.seal('cid', address);
      expect(sealed).toHaveLength(SEALED_ADDRESS_BYTES);
      expect(sealed.toString('latin1')).not.toContain(address.slice(0, 5));
      expect(sealer.open('cid', sealed)).toBe(address);
    }
  });

  it('is AES-256-GCM under a key derived from the address key (HKDF, info address-encryption), the customer id as additional data', () => {
    const sealed = sealer.seal('cid', 'jane@example.com');
    const derived = Buffer.from(hkdfSync('sha256', Buffer.from(key), Buffer.alloc(0), 'address-encryption', 32));
    const decipher = createDecipheriv('aes-256-gcm', derived, sealed.subarray(0, 12)).setAAD(Buffer.from('cid'));
    decipher.setAuthTag(sealed.subarray(-16));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]);
    expect(plaintext.readUInt16BE(0)).toBe(16);
    expect(plaintext.subarray(2, 18).toString()).toBe('jane@example.com');
  });

  it('draws a fresh IV for every seal, so one address sealed twice looks different', () => {
    expect(sealer.seal('cid', 'jane@example.com').equals(sealer.seal('cid', 'jane@example.com'))).toBe(false);
  });

  it('takes each IV from the CSPRNG port it is given, as the functions give it a pool of CSPRNG bytes', () => {
    const drawn: number[] = [];
    const counting = addressSealerUnder(key, (size) => {
      drawn.push(size);
      return Buffer.alloc(size, drawn.length);
    });
    const [first, second] = [counting.seal('cid', 'jane@example.com'), counting.seal('cid', 'jane@example.com')];
    expect(drawn).toEqual([12, 12]);
    expect(first.subarray(0, 12)).toEqual(Buffer.alloc(12, 1));
    expect(second.subarray(0, 12)).toEqual(Buffer.alloc(12, 2));
    expect(counting.open('cid', second)).toBe('jane@example.com');
  });

  it('opens nothing sealed for another item, under another key, tampered with or cut short', () => {
    const sealed = sealer.seal('cid', 'jane@example.com');
    const tampered = Buffer.from(sealed);
    tampered[20]! ^= 1;
    expect(() => sealer.open('other', sealed)).toThrow();
    expect(() => addressSealerUnder(`${key}!`, randomBytes).open('cid', sealed)).toThrow();
    expect(() => sealer.open('cid', tampered)).toThrow();
    expect(() => sealer.open('cid', sealed.subarray(1))).toThrow('not a sealed address');
  });

  it('refuses an address too long to seal', () => {
    expect(() => sealer.seal('cid', 'a'.repeat(511))).toThrow(RangeError);
  });
});
