import { ConfigError, loadBrandCatalog, loadConfig, loadHttpConfig, type BrandFile } from '../../lib/config';
import { emailBrandCatalog } from '../../lib/email/brand-settings';
import { acmeBrandEntry } from './fakes';

type BrandEntry = BrandFile['brands'][number];
const brand = acmeBrandEntry;
/** A brand through every check of a cold start: the one all functions make, then the sender's of its email settings. */
const load = (overrides: Partial<BrandEntry>) =>
  emailBrandCatalog(loadBrandCatalog({ defaultBrand: overrides.name ?? 'Acme', brands: [{ ...brand, ...overrides }] }, 'test'), 'test', {}).defaultBrand;
const refusal = (overrides: Partial<BrandEntry>): string => {
  try {
    load(overrides);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the brand was accepted');
};

describe('brand configuration at its boundaries', () => {
  it('takes a token lifetime from 300 to 86,400 seconds, both included', () => {
    expect(load({ tokenTtlSeconds: 300 }).tokenTtlSeconds).toBe(300);
    expect(load({ tokenTtlSeconds: 86_400 }).tokenTtlSeconds).toBe(86_400);
  });

  it.each([299, 86_401, 600.5, Number.NaN])('refuses a token lifetime of %d seconds, naming the range', (tokenTtlSeconds) => {
    expect(refusal({ tokenTtlSeconds })).toBe('brand "Acme" of stage test: tokenTtlSeconds must be a whole number from 300 to 86400');
  });

  it('refuses a reset URL with a #fragment: the token appended after it would never reach the server', () => {
    expect(refusal({ resetUrl: 'https://acme.example/reset#start' })).toBe('brand "Acme" of stage test: resetUrl must not have a #fragment');
  });

  it('keeps a reset URL with its own query parameters', () => {
    expect(load({ resetUrl: 'https://acme.example/reset?brand=acme' }).resetUrl).toBe('https://acme.example/reset?brand=acme');
  });

  it.each([
    ['127.0.0.1', 'http://127.0.0.1:8080/reset', true],
    ['localhost', 'http://localhost/reset', true],
    ['a host that only starts with localhost', 'http://localhost.evil.example/reset', false],
    ['ftp', 'ftp://acme.example/reset', false],
  ])('allows plain http for %s only when it is this machine', (_case, resetUrl, allowed) => {
    if (allowed) expect(load({ resetUrl }).resetUrl).toBe(resetUrl);
    else expect(refusal({ resetUrl })).toBe('brand "Acme" of stage test: resetUrl must be https (plain http only for localhost)');
  });

  it.each([
    ['a display name around it', 'Acme <no-reply@acme.example>'],
    ['text after it', 'no-reply@acme.example x'],
    ['two addresses', 'a@acme.example,b@acme.example x@y'],
    ['a second @', 'no-reply@acme@example.com'],
    ['no dot in the domain', 'no-reply@acme'],
  ])('refuses a sender or support address with %s: the whole value must be one address', (_case, address) => {
    expect(refusal({ senderAddress: address })).toBe('brand "Acme" of stage test: senderAddress is not an email address');
    expect(refusal({ supportAddress: address })).toBe('brand "Acme" of stage test: supportAddress is not an email address');
  });

  it.each([
    ['a name with markup after a plain start', 'Acme<b>'],
    ['a name starting with a space', ' Acme'],
    ['a name of 65 characters', `A${'a'.repeat(64)}`],
  ])('refuses %s', (_case, name) => {
    expect(refusal({ name })).toMatch(/name is not a plain brand name$/);
  });

  it('takes a brand name of 64 characters with spaces, dots, dashes and underscores', () => {
    const name = `A${'b .-_'.repeat(12)}bbb`;
    expect(name).toHaveLength(64);
    expect(load({ name }).name).toBe(name);
  });

  it.each(['en-ch', 'de-CHE', 'engl', 'e', 'en-CH-x'])('refuses the locale %s, which is not of the form "en" or "de-CH"', (tag) => {
    expect(refusal({ locales: ['en', tag] })).toMatch(/locales must list language tags/);
  });

  it.each(['Default', 'default/x', 'x default'])('refuses the template set name %s', (templates) => {
    expect(refusal({ templates })).toMatch(/templates must name a template set/);
  });

  it('refuses an empty sender name and one with a control character', () => {
    expect(refusal({ senderName: '' })).toMatch(/senderName must be non-empty/);
    expect(refusal({ senderName: 'Acme\r\nBcc: x@evil.example' })).toMatch(/senderName must be non-empty/);
  });
});

describe('stage configuration', () => {
  const env = { TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' };

  it('reads CORS origins as a list, and any * in it as every origin', () => {
    expect(loadHttpConfig({ ...env, CORS_ALLOWED_ORIGINS: ' https://a.example ,, ' }).corsAllowedOrigins).toEqual(['https://a.example']);
    expect(loadHttpConfig({ ...env, CORS_ALLOWED_ORIGINS: 'https://a.example,*' }).corsAllowedOrigins).toBe('*');
    expect(loadHttpConfig({ ...env, CORS_ALLOWED_ORIGINS: ' , ' }).corsAllowedOrigins).toBe('*');
  });

  it('takes a blank STAGE or RATE_LIMITS as the defaults', () => {
    const config = loadConfig({ ...env, STAGE: '  ', RATE_LIMITS: ' ' });
    expect(config.stage).toBe('dev');
    expect(config.brands.defaultBrand.rateLimits).toEqual(expect.arrayContaining([
      { scope: 'customer', limit: 1, windowSeconds: 360 },
      { scope: 'ip', limit: 30, windowSeconds: 300 },
    ]));
  });

  it('needs no customers table when no brand of the stage has a directory, and trims one given', () => {
    expect(loadConfig({ STAGE: 'prod', TABLE_NAME: 't' }).customerTableName).toBeUndefined();
    expect(loadConfig({ STAGE: 'prod', TABLE_NAME: ' t ', CUSTOMER_TABLE_NAME: ' c ' })).toMatchObject({ tableName: 't', customerTableName: 'c' });
  });
});
