import { checkNewPassword, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '../../../local/portal/password';

// Real scrypt at N=2^17 (128 MiB) takes up to a second a hash on a busy machine; Jest's 5 s default is too tight.
jest.setTimeout(30_000);

describe('checkNewPassword (NIST SP 800-63B)', () => {
  it('accepts 8 characters and more, of any kind, with no composition rules', () => {
    for (const password of ['abcdefgx', 'correct horse battery staple', 'ÄÖÜ äöü ß', '🙂🙂🙂🙂🙂🙂🙂🙂', 'x'.repeat(64), 'x'.repeat(MAX_PASSWORD_LENGTH)]) {
      expect(checkNewPassword(password, password)).toEqual([]);
    }
  });

  it('refuses fewer than 8 characters, counting characters as a person sees them', () => {
    expect(checkNewPassword('seven77', 'seven77')).toEqual([{ field: 'password', message: 'Use at least 8 characters.' }]);
    // Four emoji are eight UTF-16 units but four characters.
    expect(checkNewPassword('🙂🙂🙂🙂', '🙂🙂🙂🙂')).toEqual([{ field: 'password', message: 'Use at least 8 characters.' }]);
    expect(checkNewPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1), '')).toEqual([{ field: 'password', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` }]);
  });

  it('refuses common and breached passwords, whatever their case', () => {
    expect(checkNewPassword('Password123', 'Password123')[0]?.message).toMatch(/too common/);
    expect(checkNewPassword('QWERTYUIOP', 'QWERTYUIOP')[0]?.field).toBe('password');
  });

  it('refuses a confirmation that differs, but not one typed in another Unicode form (NFKC)', () => {
    expect(checkNewPassword('a quiet harbour', 'a quiet harbor')).toEqual([{ field: 'confirmation', message: 'The two passwords do not match.' }]);
    expect(checkNewPassword('caf\u00e9 au lait', 'cafe\u0301 au lait')).toEqual([]);
  });
});

describe('hashPassword', () => {
  it('writes a salted scrypt PHC string that verifies the password and nothing else', async () => {
    const [first, second] = await Promise.all([hashPassword('a quiet harbour'), hashPassword('a quiet harbour')]);
    expect(first).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('harbour');
    await expect(verifyPassword('a quiet harbour', first)).resolves.toBe(true);
    await expect(verifyPassword('a quiet harbor', first)).resolves.toBe(false);
    await expect(verifyPassword('a quiet harbour', 'plain text')).resolves.toBe(false);
  });
});
