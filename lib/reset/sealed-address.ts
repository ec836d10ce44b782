import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { RandomBytes } from '../ports';

/**
 * Every sealed address is this many bytes of plaintext before encryption: a 2-byte length, the
 * address's UTF-8 and zero padding. 510 bytes hold the longest address the service accepts (a local
 * part of 64 characters of up to 4 bytes each, `@`, and a 253-byte ASCII domain), so every item's
 * sealed address has one size whoever it belongs to: its length tells nothing about the address.
 */
const PLAINTEXT_BYTES = 512;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The size of every sealed address, in bytes (IV, ciphertext, GCM tag). */
export const SEALED_ADDRESS_BYTES = IV_BYTES + PLAINTEXT_BYTES + TAG_BYTES;

/**
 * Encrypts and decrypts the address stored in a reset item, so the table never holds one in clear
 * (a reader of the table, a backup or an export learns no customer's address). AES-256-GCM under a
 * key derived from the address key (HKDF-SHA-256, RFC 5869, info `address-encryption`), a random
 * 96-bit IV per seal (NIST SP 800-38D), and the item's customer id as additional data, so a sealed
 * address moved into another item does not open.
 */
export interface AddressSealer {
  /** `SEALED_ADDRESS_BYTES` bytes for `address` (at most 510 bytes of UTF-8, else a RangeError). */
  seal(customerId: string, address: string): Buffer;
  /** The address `seal` sealed for `customerId`; throws when the bytes were not sealed so (another item, key or tampering). */
  open(customerId: string, sealed: Uint8Array): string;
}

/** An {@link AddressSealer} under `addressKey` (ADDRESS_KEY, see config.ts), drawing IVs from `randomBytes`. */
export function addressSealerUnder(addressKey: string, randomBytes: RandomBytes): AddressSealer {
  const key: KeyObject = createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(addressKey, 'utf8'), Buffer.alloc(0), 'address-encryption', 32)));
  return {
    seal(customerId, address) {
      const bytes = Buffer.from(address, 'utf8');
      if (bytes.length > PLAINTEXT_BYTES - 2) throw new RangeError('address too long to seal');
      const plaintext = Buffer.alloc(PLAINTEXT_BYTES);
      plaintext.writeUInt16BE(bytes.length, 0);
      bytes.copy(plaintext, 2);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(customerId, 'utf8'));
      return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    open(customerId, sealed) {
      const data = Buffer.from(sealed);
      if (data.length !== SEALED_ADDRESS_BYTES) throw new Error('not a sealed address');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES)).setAAD(Buffer.from(customerId, 'utf8'));
      decipher.setAuthTag(data.subarray(-TAG_BYTES));
      const plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, -TAG_BYTES)), decipher.final()]);
      return plaintext.subarray(2, 2 + plaintext.readUInt16BE(0)).toString('utf8');
    },
  };
}
