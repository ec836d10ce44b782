/**
 * The new-password rules and the hash the local portal stores. The rules are NIST SP 800-63B's
 * (section 3.1.1.2 of revision 4, 5.1.1.2 of revision 3): a length floor and a generous ceiling,
 * counted in Unicode code points after normalisation, every printable character allowed, no
 * composition rules, and a check against values known to be common or breached.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords';

/** NIST SP 800-63B: at least 8 characters. */
export const MIN_PASSWORD_LENGTH = 8;
/** NIST SP 800-63B: verifiers should allow at least 64; more costs nothing here. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a new password is refused; `field` is the form field the message belongs to. */
export interface PasswordProblem {
  readonly field: 'password' | 'confirmation';
  readonly message: string;
}

/** Code points, not UTF-16 units: an emoji counts as one character, as the customer sees it. */
const lengthOf = (text: string): number => [...text].length;

/**
 * Checks a new password and its confirmation; returns the problems, none when it is acceptable.
 * Both are normalised to NFKC first (NIST SP 800-63B), so the same password typed on another
 * keyboard still matches.
 */
export function checkNewPassword(password: string, confirmation: string): PasswordProblem[] {
  const normalised = password.normalize('NFKC');
  const length = lengthOf(normalised);
  if (length < MIN_PASSWORD_LENGTH) return [{ field: 'password', message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` }];
  if (length > MAX_PASSWORD_LENGTH) return [{ field: 'password', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` }];
  if (COMMON_PASSWORDS.has(normalised.toLowerCase())) {
    return [{ field: 'password', message: 'This password is too common and appears in lists attackers use. Choose another.' }];
  }
  if (confirmation.normalize('NFKC') !== normalised) return [{ field: 'confirmation', message: 'The two passwords do not match.' }];
  return [];
}

/**
 * scrypt at OWASP's Password Storage Cheat Sheet minimum: N = 2^17 (CPU/memory cost), r = 8 (block
 * size), p = 1 (parallelism), so 128 MiB and roughly a few hundred milliseconds per hash; 16-byte
 * random salt, 32-byte key.
 */
export const SCRYPT_PARAMETERS = { cost: 2 ** 17, blockSize: 8, parallelization: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt needs 128 * N * r bytes; Node's default ceiling is 32 MiB. */
const SCRYPT_OPTIONS: ScryptOptions = { N: SCRYPT_PARAMETERS.cost, r: SCRYPT_PARAMETERS.blockSize, p: SCRYPT_PARAMETERS.parallelization, maxmem: 256 * 1024 * 1024 };

function deriveKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/**
 * Hashes a password for storage as a PHC string: `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (base64
 * without padding), so the parameters travel with the hash and can be raised later.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, SCRYPT_OPTIONS);
  return `$scrypt$ln=${Math.log2(SCRYPT_PARAMETERS.cost)},r=${SCRYPT_PARAMETERS.blockSize},p=${SCRYPT_PARAMETERS.parallelization}$${b64(salt)}$${b64(key)}`;
}

/** Whether `password` matches a {@link hashPassword} string (a sign-in page would call this); constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!match) return false;
  const [, ln, r, p, salt, key] = match;
  const expected = Buffer.from(key!, 'base64');
  const actual = await deriveKey(password, Buffer.from(salt!, 'base64'), { ...SCRYPT_OPTIONS, N: 2 ** Number(ln), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
