import { checkKey, ConfigError, keySource, loadBrandCatalog, loadConfig, loadHttpConfig, type BrandFile } from '../../lib/config';
import { emailBrandCatalog } from '../../lib/email/brand-settings';
import { checkBrandTemplates } from '../../lib/email/templates';
import { acmeBrandEntry } from './fakes';

const brand = acmeBrandEntry;
const file = (overrides: Partial<BrandFile['brands'][number]> = {}): BrandFile => ({ defaultBrand: 'Acme', brands: [{ ...brand, ...overrides }] });

describe('loadConfig', () => {
  it("loads the stage's brands with the dev defaults", () => {
    const config = loadHttpConfig({ TABLE_NAME: 'resets', CUSTOMER_TABLE_NAME: 'customers' });
    expect(config.stage).toBe('dev');
    expect(config.tableName).toBe('resets');
    expect(config.customerTableName).toBe('customers');
    expect(config.corsAllowedOrigins).toBe('*');
    expect(config.brands.defaultBrand.name).toBe('PumpAlarm');
    expect(config.brands.findBrand('AQUAGUARD')?.name).toBe('AquaGuard');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('loads the prod brands with https links only', () => {
    const config = loadHttpConfig({ STAGE: 'prod', TABLE_NAME: 't', CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.brands.defaultBrand.resetUrl).toMatch(/^https:\/\//);
    expect(config.corsAllowedOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it("leaves CORS to the functions behind API Gateway: the sender's configuration neither reads nor checks it", () => {
    const env = { STAGE: 'dev', TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: 'not an origin' };
    expect(loadConfig(env)).not.toHaveProperty('corsAllowedOrigins');
    expect(() => loadHttpConfig(env)).toThrow(ConfigError);
  });

  it('reads CORS_ALLOWED_ORIGINS as * and/or origins by name, trusting only the named ones to send cross-site', () => {
    const load = (origins: string) => loadHttpConfig({ STAGE: 'dev', TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: origins });
    expect(load('*')).toMatchObject({ corsAllowedOrigins: '*', trustedOrigins: [] });
    expect(load('*, http://localhost:8080')).toMatchObject({ corsAllowedOrigins: '*', trustedOrigins: ['http://localhost:8080'] });
    expect(load('https://a.example,https://b.example:8443')).toMatchObject({
      corsAllowedOrigins: ['https://a.example', 'https://b.example:8443'],
      trustedOrigins: ['https://a.example', 'https://b.example:8443'],
    });
    for (const notAnOrigin of ['https://a.example/', 'https://a.example/portal', 'a.example', 'https://A.example', 'null']) {
      expect(() => load(notAnOrigin)).toThrow(new ConfigError(`CORS_ALLOWED_ORIGINS: "${notAnOrigin}" is not an origin such as https://portal.example.com (scheme, host and port only)`));
    }
  });

  it('names the missing variable', () => {
    expect(() => loadConfig({ STAGE: 'dev', CUSTOMER_TABLE_NAME: 'c' })).toThrow(new ConfigError('Environment variable TABLE_NAME must be set'));
    expect(() => loadConfig({ STAGE: 'dev', TABLE_NAME: 't' })).toThrow(new ConfigError('Environment variable CUSTOMER_TABLE_NAME must be set'));
  });

  it('reads the stage rate limits over the defaults, scope by scope, and a brand may replace the scopes it names', () => {
    const config = loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', RATE_LIMITS: 'customer:2/30, ip:9/90' });
    expect(config.brands.defaultBrand.rateLimits).toEqual([
      { scope: 'domain', limit: 1000, windowSeconds: 3600 },
      { scope: 'global', limit: 40000, windowSeconds: 86400 },
      { scope: 'customer', limit: 2, windowSeconds: 30 },
      { scope: 'ip', limit: 9, windowSeconds: 90 },
    ]);
    const own = loadBrandCatalog({ defaultBrand: 'Acme', brands: [{ ...brand, rateLimits: 'customer:1/10,global:500/3600' }] }, 'test');
    expect(own.defaultBrand.rateLimits).toEqual([
      { scope: 'ip', limit: 30, windowSeconds: 300 },
      { scope: 'domain', limit: 1000, windowSeconds: 3600 },
      { scope: 'customer', limit: 1, windowSeconds: 10 },
      { scope: 'global', limit: 500, windowSeconds: 3600 },
    ]);
    expect(loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands.defaultBrand.rateLimits).toEqual([
      { scope: 'customer', limit: 1, windowSeconds: 360 },
      { scope: 'ip', limit: 30, windowSeconds: 300 },
      { scope: 'domain', limit: 1000, windowSeconds: 3600 },
      { scope: 'global', limit: 40000, windowSeconds: 86400 },
    ]);
  });

  it('reads the customer-id key version, 1 when unset, and refuses one that is not a short label', () => {
    expect(loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).customerIdKeyVersion).toBe('1');
    expect(loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CUSTOMER_ID_KEY_VERSION: ' 2026-11 ' }).customerIdKeyVersion).toBe('2026-11');
    expect(() => loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CUSTOMER_ID_KEY_VERSION: 'v 2' })).toThrow(/CUSTOMER_ID_KEY_VERSION/);
  });

  it('refuses rate limits it cannot read, naming them', () => {
    expect(() => loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', RATE_LIMITS: 'customer:1 per minute' })).toThrow(/RATE_LIMITS: Rate limit "customer:1 per minute"/);
    expect(() => loadBrandCatalog({ defaultBrand: 'Acme', brands: [{ ...brand, rateLimits: 'ip:0/60' }] }, 'test')).toThrow(/brand "Acme".*ip:0\/60/);
  });

  it('refuses a stage without a brand file', () => {
    expect(() => loadConfig({ STAGE: 'qa', TABLE_NAME: 't' })).toThrow(/No brand file for stage qa/);
  });
});

describe.each(['CUSTOMER_ID_KEY', 'ADDRESS_KEY'] as const)('keySource of %s', (name) => {
  const key = 'k'.repeat(44);

  it('names the secret a deployed function reads, whatever else is set', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:svc/dev/some-key-AbCdEf';
    expect(keySource({ [`${name}_SECRET_ARN`]: ` ${secretArn} `, [name]: key, IS_OFFLINE: 'true' }, name)).toEqual({ secretArn });
  });

  it('takes the key itself from the environment under serverless offline only', () => {
    expect(keySource({ IS_OFFLINE: 'true', [name]: ` ${key} ` }, name)).toEqual({ key });
    expect(() => keySource({ [name]: key }, name)).toThrow(new ConfigError(`Environment variable ${name}_SECRET_ARN must be set`));
    expect(() => keySource({ IS_OFFLINE: 'true' }, name)).toThrow(new ConfigError(`Environment variable ${name} must be set`));
  });

  it('refuses a key too short to be one, naming it', () => {
    expect(() => keySource({ IS_OFFLINE: 'true', [name]: 'short' }, name)).toThrow(new ConfigError(`${name} must be at least 32 characters (openssl rand -base64 32)`));
    expect(() => checkKey(name, 'k'.repeat(31))).toThrow(ConfigError);
    expect(checkKey(name, 'k'.repeat(32))).toBe('k'.repeat(32));
  });
});

describe('loadBrandCatalog', () => {
  it.each([
    ['a lifetime shorter than five minutes', { tokenTtlSeconds: 60 }, /tokenTtlSeconds/],
    ['no locales', { locales: [] }, /locales/],
    ['a locale that is not a language tag', { locales: ['english'] }, /locales/],
    ['an unknown directory kind', { customerDirectory: 'ldap' }, /customerDirectory/],
  ])('refuses %s', (_case, overrides, message) => {
    expect(() => loadBrandCatalog(file(overrides), 'test')).toThrow(message);
  });

  it('names every required field a brand lacks, and leaves unknownAccountNotice off when absent', () => {
    const { supportAddress: _s, locales: _l, templates: _t, customerDirectory: _c, unknownAccountNotice: _u, ...partial } = brand;
    expect(() => loadBrandCatalog({ defaultBrand: 'Acme', brands: [partial as unknown as BrandFile['brands'][number]] }, 'test')).toThrow(
      new ConfigError('brand "Acme" of stage test: missing supportAddress, locales, templates, customerDirectory'),
    );
    const { unknownAccountNotice: _absent, ...withoutNotice } = brand;
    expect(loadBrandCatalog({ defaultBrand: 'Acme', brands: [withoutNotice] }, 'test').defaultBrand.unknownAccountNotice).toBe(false);
  });

  it('refuses a default brand that is not listed, and duplicate names', () => {
    expect(() => loadBrandCatalog({ ...file(), defaultBrand: 'Other' }, 'test')).toThrow(/defaultBrand "Other"/);
    expect(() => loadBrandCatalog({ defaultBrand: 'Acme', brands: [brand, { ...brand, name: 'ACME' }] }, 'test')).toThrow(/twice/);
  });

  it("writes a region without templates of its own in its language, and stops the sender's cold start, naming it, for a locale nothing serves", () => {
    // The fixture brand offers de-CH, and only `de` templates exist.
    const catalog = loadBrandCatalog(file(), 'test');
    expect(catalog.defaultBrand.locales).toEqual(['en', 'de-CH']);
    expect(() => checkBrandTemplates(catalog.all)).not.toThrow();
    expect(() => checkBrandTemplates(loadBrandCatalog(file({ locales: ['en', 'fr-CA'] }), 'test').all)).toThrow(
      new ConfigError('brand "Acme": locale "fr-CA" has no email templates (neither fr-CA nor its language)'),
    );
  });

  it("stops the sender's cold start for a template set that borrows another brand's look (default holds words only) or does not exist", () => {
    expect(() => checkBrandTemplates(loadBrandCatalog(file({ templates: 'default' }), 'test').all)).toThrow(
      new ConfigError('brand "Acme": templates must name a template set with its own layout.html and button.html'),
    );
    expect(() => checkBrandTemplates(loadBrandCatalog(file({ templates: 'nowhere' }), 'test').all)).toThrow(/templates must name a template set/);
  });

  it("holds templates for every brand and locale of every stage's brand file", () => {
    for (const STAGE of ['dev', 'prod']) expect(() => checkBrandTemplates(loadConfig({ STAGE, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands.all)).not.toThrow();
  });

  it('dates emails in UTC unless the brand names its own IANA time zone', () => {
    expect(loadBrandCatalog(file(), 'test').defaultBrand.timeZone).toBe('UTC');
    expect(loadBrandCatalog(file({ timeZone: 'Europe/Zurich' }), 'test').defaultBrand.timeZone).toBe('Europe/Zurich');
  });

});

describe("emailBrandCatalog: the sender's check of what only emails use", () => {
  const mailing = (overrides: Partial<BrandFile['brands'][number]> = {}, env: NodeJS.ProcessEnv = {}) => emailBrandCatalog(loadBrandCatalog(file(overrides), 'test'), 'test', env);

  it.each([
    ['a plain-http link to a public host', { resetUrl: 'http://acme.example/reset' }, /resetUrl must be https/],
    ['a link that is not a URL', { resetUrl: 'acme' }, /resetUrl is not a URL/],
    ['a link that already has a token parameter', { resetUrl: 'https://acme.example/reset?token=x' }, /token parameter/],
    ['a sender name that could break the From header', { senderName: 'Acme" <x@evil.example>' }, /senderName/],
    ['a sender address that is not one', { senderAddress: 'acme' }, /senderAddress/],
    ['a support address that is not one', { supportAddress: 'support' }, /supportAddress/],
    ['a template set name with a path in it', { templates: '../x' }, /templates/],
    ['a time zone that is not one', { timeZone: 'Mars/Olympus_Mons' }, /brand "Acme" of stage test: timeZone "Mars\/Olympus_Mons" is not an IANA time zone/],
  ])('refuses %s, which the functions that send no email leave alone', (_case, overrides, message) => {
    expect(() => mailing(overrides)).toThrow(message);
    expect(loadBrandCatalog(file(overrides), 'test').defaultBrand.name).toBe('Acme');
  });

  it('allows plain http for localhost portals', () => {
    expect(mailing({ resetUrl: 'http://localhost:8080/reset' }).defaultBrand.resetUrl).toBe('http://localhost:8080/reset');
  });

  it('keeps every brand, the default one first among equals, and finds them ignoring case', () => {
    const catalog = emailBrandCatalog(loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands, 'dev', {});
    expect(catalog.defaultBrand.name).toBe('PumpAlarm');
    expect(catalog.all.map((brand) => brand.name)).toEqual(loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands.all.map((brand) => brand.name));
    expect(catalog.findBrand(' aquaguard ')?.name).toBe('AquaGuard');
  });

  it("moves local brands' links to LOCAL_PORTAL_ORIGIN (the local portal's port), and never a deployed brand's", () => {
    const sender = (STAGE: string, env: NodeJS.ProcessEnv) => emailBrandCatalog(loadConfig({ STAGE, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands, STAGE, env);
    expect(sender('dev', { LOCAL_PORTAL_ORIGIN: 'http://localhost:5708' }).findBrand('AquaGuard')?.resetUrl).toBe('http://localhost:5708/aquaguard/reset-password');
    expect(sender('dev', {}).findBrand('AquaGuard')?.resetUrl).toBe('http://localhost:8080/aquaguard/reset-password');
    expect(sender('prod', { LOCAL_PORTAL_ORIGIN: 'http://localhost:5708' }).defaultBrand.resetUrl).toMatch(/^https:\/\/(?!localhost)/);
    for (const origin of ['https://evil.example', 'http://localhost:5708/path', 'not a url']) {
      expect(() => sender('dev', { LOCAL_PORTAL_ORIGIN: origin })).toThrow(/LOCAL_PORTAL_ORIGIN must be a loopback origin/);
    }
  });
});
