import { checkEmailAddress } from '../../../lib/reset/email-address';

const label = (length: number) => 'a'.repeat(length);
const refusalOf = (address: string) => {
  const result = checkEmailAddress(address);
  if (!('refusal' in result)) throw new Error(`${address} was accepted`);
  return result.refusal;
};
const DOMAIN_RULE = /^'Email' is not a valid email address: the domain must be labels of letters, digits and hyphens/;

describe('checkEmailAddress at the limits of RFC 5321 and DNS', () => {
  it('takes an address of 254 characters and refuses 255', () => {
    const at254 = `${label(64)}@${label(63)}.${label(63)}.${label(57)}.com`;
    expect(at254).toHaveLength(254);
    expect(checkEmailAddress(at254)).toEqual({ address: at254 });
    expect(refusalOf(`${label(64)}@${label(63)}.${label(63)}.${label(58)}.com`)).toEqual({
      errorCode: 'Length',
      message: "'Email' must be between 1 and 254 characters. You entered 255 characters.",
    });
  });

  it('takes a local part of 64 characters and refuses 65, whatever the length of the domain', () => {
    expect(checkEmailAddress(`${label(64)}@example.com`)).toEqual({ address: `${label(64)}@example.com` });
    expect(refusalOf(`${label(65)}@example.com`).message).toBe("'Email' is not a valid email address: the part before the '@' is longer than 64 characters.");
  });

  it('takes a domain label of 63 characters and refuses 64', () => {
    expect(checkEmailAddress(`a@${label(63)}.com`)).toEqual({ address: `a@${label(63)}.com` });
    expect(refusalOf(`a@${label(64)}.com`).message).toMatch(DOMAIN_RULE);
  });

  it('refuses a top-level domain of digits only, and takes one that mixes letters and digits', () => {
    for (const address of ['a@example.123', 'a@example.4']) expect(refusalOf(address).message).toMatch(DOMAIN_RULE);
    for (const address of ['a@example.x1', 'a@example.1x']) expect(checkEmailAddress(address)).toEqual({ address });
  });

  it('refuses an address that fits as typed but not with its domain in punycode, saying both lengths', () => {
    const unicodeLabel = 'ä'.repeat(20);
    const address = `${label(64)}@${Array.from({ length: 7 }, () => unicodeLabel).join('.')}.com`;
    expect(address.length).toBeLessThanOrEqual(254);
    const refusal = refusalOf(address);
    expect(refusal.errorCode).toBe('Length');
    expect(refusal.message).toMatch(new RegExp(`^'Email' must be between 1 and 254 characters\\. You entered ${address.length} characters, and \\d+ with the domain in punycode\\.$`));
  });
});

describe('checkEmailAddress: why an address the grammar refuses was refused', () => {
  it.each([
    ['a stray angle bracket', 'jane@example.com>', "'Email' is not a valid email address: give the address alone, without a name, angle brackets or comments."],
    ['an unclosed quote', '"jane@example.com', `'Email' is not a valid email address: a quoted local part ("...") cannot be accepted; use the address without quotes.`],
    ['two addresses side by side', 'a@b.com c@d.com', "'Email' is not a valid email address: it holds more than one address; give one."],
  ])('%s', (_case, address, message) => {
    expect(refusalOf(address).message).toBe(message);
  });

  it('tells a bad local part from a bad domain', () => {
    expect(refusalOf('ja..ne@example.com').message).toMatch(/the part before the '@' may hold letters, digits/);
    expect(refusalOf('a@b@example.com').message).toMatch(/the part before the '@' may hold letters, digits/);
    expect(refusalOf('jane@exa mple.com').message).toMatch(DOMAIN_RULE);
  });
});
