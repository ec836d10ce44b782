import devBrands from '../config/brands.dev.json';
import prodBrands from '../config/brands.prod.json';
import { DEFAULT_TIME_ZONE } from './email/formats';
import { DEFAULT_RATE_LIMITS, overrideRateLimits, parseRateLimits, type RateLimitRule } from './reset/rate-limits';

/**
 * One brand of the portal, as its stage's brand file describes it. Every function checks the fields
 * it acts on at its cold start ({@link loadConfig}); the ones only emails use (the addresses, the
 * sender name, the link, the template set and the time zone) are checked by the sender, the one
 * function that mails, which also moves local links to the local portal (lib/email/brand-settings.ts).
 */
export interface Brand {
  /** The name callers send as `CustomerBrandName`; matched case-insensitively. */
  readonly name: string;
  /** Lower-cased name: the form used in keys, so `aquaguard` and `AquaGuard` are one customer space. */
  readonly key: string;
  readonly senderAddress: string;
  /** The From display name: the brand itself, since the sender address is a mailbox nobody reads. */
  readonly senderName: string;
  /** The portal page the reset link opens; the token is appended as the `token` query parameter. */
  readonly resetUrl: string;
  readonly tokenTtlSeconds: number;
  /** Where customers get help: named in every email, and its Reply-To. */
  readonly supportAddress: string;
  /**
   * Languages the brand's emails are written in; the first is the default. A region without
   * templates of its own (`de-CH`) is written with its language's (`de`), in its own date formats.
   */
  readonly locales: readonly string[];
  /** The brand's template set (lib/email/templates/<set>): its layout and button; words it lacks come from `default`. */
  readonly templates: string;
  /** The IANA time zone of the dates and times in the brand's emails (`Europe/Berlin`); `UTC` by default. */
  readonly timeZone: string;
  /**
   * Who counts as a customer: `all` addresses (the old service's behaviour), or those in the
   * customers `table`; unknown addresses then get no link, and the caller the same answer.
   */
  readonly customerDirectory: 'all' | 'table';
  /** With a directory: send unknown addresses a short "no account here" note instead of nothing. */
  readonly unknownAccountNotice: boolean;
  /** The stage's rate limits (`RATE_LIMITS`), with the brand's own in place of those of the scopes it sets. */
  readonly rateLimits: readonly RateLimitRule[];
}

/** A brand as its file spells it (JSON gives plain strings where the type has unions). */
export type BrandEntry = Omit<Brand, 'key' | 'customerDirectory' | 'rateLimits' | 'unknownAccountNotice' | 'timeZone'> & {
  readonly customerDirectory: string;
  /** Off when absent. */
  readonly unknownAccountNotice?: boolean;
  /** `UTC` when absent. */
  readonly timeZone?: string;
  /** `scope:limit/seconds` rules, e.g. `customer:1/60,ip:30/300`, each scope named replacing the stage's. */
  readonly rateLimits?: string;
};

export interface BrandFile {
  defaultBrand: string;
  brands: readonly BrandEntry[];
}

export interface BrandCatalog {
  readonly defaultBrand: Brand;
  /** Finds a brand by name, ignoring case; `undefined` when the stage has no such brand. */
  findBrand(name: string): Brand | undefined;
  /** Every brand of the stage, in its file's order. */
  readonly all: readonly Brand[];
}

export interface Config {
  readonly stage: string;
  readonly tableName: string;
  /** The customers table, needed when a brand's customerDirectory is `table`. */
  readonly customerTableName: string | undefined;
  readonly brands: BrandCatalog;
  /**
   * The customer-id key's version (CUSTOMER_ID_KEY_VERSION, `1` when unset), stamped on every token
   * record; verify and complete refuse records of another, so rotating the key with a new version
   * ends the links made under the old one.
   */
  readonly customerIdKeyVersion: string;
}

/** What the functions that answer HTTP requests read besides {@link Config}: who may call from a browser. */
export interface HttpConfig extends Config {
  /** `*`, or the exact origins whose browser requests may read responses. */
  readonly corsAllowedOrigins: '*' | readonly string[];
  /**
   * The origins CORS_ALLOWED_ORIGINS names (never `*`): the only sites whose pages may make a
   * browser send a request here cross-site (see lib/http.ts). `*` lets any page read an answer; it
   * lets no page cause a send.
   */
  readonly trustedOrigins: readonly string[];
}

/** The stage a bundle was built for (serverless.yml's esbuild `define`); undefined when not bundled (the tests). */
declare const BUNDLED_STAGE: string | undefined;

/**
 * Brand files are bundled at build time (no file read at cold start); the stage picks one. A bundle
 * holds its own stage's file only: esbuild folds this to one entry and leaves the other file out.
 * Unbundled, both are here.
 */
const brandFiles: Readonly<Record<string, BrandFile>> =
  typeof BUNDLED_STAGE === 'undefined' ? { dev: devBrands, prod: prodBrands } : BUNDLED_STAGE === 'prod' ? { prod: prodBrands } : BUNDLED_STAGE === 'dev' ? { dev: devBrands } : {};

const MIN_TTL_SECONDS = 300;
const MAX_TTL_SECONDS = 86_400;

/** Thrown at cold start when configuration is unusable; the message names what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Environment variable ${name} must be set`);
  return value;
}

/** The fields a brand must name (docs/configuration.md); the rest have defaults. */
const REQUIRED_BRAND_FIELDS = ['name', 'senderAddress', 'senderName', 'resetUrl', 'tokenTtlSeconds', 'supportAddress', 'locales', 'templates', 'customerDirectory'] as const;

/**
 * The checks of a brand's fields that every function acts on; the email settings are the sender's
 * to check (see {@link Brand}). Every required field must be there, so a file missing one fails
 * every function alike.
 */
function checkBrand(raw: BrandEntry, stage: string, stageRateLimits: readonly RateLimitRule[]): Brand {
  const where = `brand "${raw.name}" of stage ${stage}`;
  // A brand file is bundled without a type check (`npm start`): name what is missing, not a TypeError.
  const missing = REQUIRED_BRAND_FIELDS.filter((field) => raw[field] === undefined || raw[field] === null);
  if (missing.length) throw new ConfigError(`${where}: missing ${missing.join(', ')}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(raw.name)) throw new ConfigError(`${where}: name is not a plain brand name`);
  if (!Array.isArray(raw.locales) || raw.locales.length === 0 || !raw.locales.every((l) => /^[a-z]{2,3}(-[A-Z]{2})?$/.test(l))) {
    throw new ConfigError(`${where}: locales must list language tags such as "en" or "de-CH"`);
  }
  if (raw.customerDirectory !== 'all' && raw.customerDirectory !== 'table') throw new ConfigError(`${where}: customerDirectory must be "all" or "table"`);
  if (!Number.isInteger(raw.tokenTtlSeconds) || raw.tokenTtlSeconds < MIN_TTL_SECONDS || raw.tokenTtlSeconds > MAX_TTL_SECONDS) {
    throw new ConfigError(`${where}: tokenTtlSeconds must be a whole number from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}`);
  }
  let rateLimits = stageRateLimits;
  try {
    if (raw.rateLimits !== undefined) rateLimits = overrideRateLimits(stageRateLimits, parseRateLimits(raw.rateLimits));
  } catch (error) {
    throw new ConfigError(`${where}: ${(error as Error).message}`);
  }
  return Object.freeze({
    ...raw,
    customerDirectory: raw.customerDirectory,
    unknownAccountNotice: raw.unknownAccountNotice === true,
    locales: Object.freeze([...raw.locales]),
    timeZone: raw.timeZone ?? DEFAULT_TIME_ZONE,
    rateLimits,
    key: raw.name.toLowerCase(),
  });
}

/**
 * Checks a brand file (the fields every function acts on, see {@link Brand}) and indexes it by
 * lower-cased name; throws {@link ConfigError} naming the first problem.
 */
export function loadBrandCatalog(file: BrandFile, stage: string, stageRateLimits: readonly RateLimitRule[] = parseRateLimits(DEFAULT_RATE_LIMITS)): BrandCatalog {
  const brands = file.brands.map((raw) => checkBrand(raw, stage, stageRateLimits));
  const twice = brands.find((brand, i) => brands.findIndex((other) => other.key === brand.key) !== i);
  if (twice) throw new ConfigError(`stage ${stage} lists brand "${twice.name}" twice`);
  const defaultBrand = brands.find((brand) => brand.key === file.defaultBrand.toLowerCase());
  if (!defaultBrand) throw new ConfigError(`stage ${stage}: defaultBrand "${file.defaultBrand}" is not one of its brands`);
  return catalogOf(defaultBrand, brands);
}

/** A {@link BrandCatalog} of `brands` (keys unique), `defaultBrand` among them. */
export function catalogOf(defaultBrand: Brand, brands: readonly Brand[]): BrandCatalog {
  const byKey = new Map(brands.map((brand) => [brand.key, brand]));
  return Object.freeze({ defaultBrand, findBrand: (name: string) => byKey.get(name.trim().toLowerCase()), all: Object.freeze([...brands]) });
}

/**
 * CORS_ALLOWED_ORIGINS: `*` and/or origins by name (`https://portal.example.com`), comma-separated.
 * A name must be an origin exactly as browsers send it in `Origin`: scheme, host and port only.
 */
function parseOrigins(value: string | undefined): Pick<HttpConfig, 'corsAllowedOrigins' | 'trustedOrigins'> {
  const entries = (value ?? '*').split(',').map((o) => o.trim()).filter(Boolean);
  const named = entries.filter((o) => o !== '*');
  for (const origin of named) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed?.origin !== origin) throw new ConfigError(`CORS_ALLOWED_ORIGINS: "${origin}" is not an origin such as https://portal.example.com (scheme, host and port only)`);
  }
  const trustedOrigins = Object.freeze(named);
  return { corsAllowedOrigins: entries.length === 0 || entries.includes('*') ? '*' : trustedOrigins, trustedOrigins };
}

/** `openssl rand -base64 32` gives 44 characters; anything much shorter is not a key. */
const MIN_KEY_LENGTH = 32;

/**
 * The service's two keys, each in a secret of its own so each function reads only what it needs
 * (docs/security.md): CUSTOMER_ID_KEY makes customer ids and, derived from it, the links' tokens
 * (token.ts; the reset and sender functions); ADDRESS_KEY seals the addresses in the table
 * (sealed-address.ts; the reset, sender, verify and complete functions).
 */
export type KeyName = 'CUSTOMER_ID_KEY' | 'ADDRESS_KEY';

/**
 * Where a function finds a key. Deployed: the Secrets Manager secret `<NAME>_SECRET_ARN` names, whose
 * resource policy lets only the functions that need it read it, so the key is in no environment
 * variable. Under `serverless offline` only (which sets IS_OFFLINE), the key itself in `<NAME>`: there
 * is no AWS account locally. Lambda never sets IS_OFFLINE, so a deployed function never reads it.
 */
export type KeySource = { readonly secretArn: string } | { readonly key: string };

/** Reads {@link KeySource} of `name` from the environment; a {@link ConfigError} names what is missing. */
export function keySource(env: NodeJS.ProcessEnv, name: KeyName): KeySource {
  const secretArn = env[`${name}_SECRET_ARN`]?.trim();
  if (secretArn) return { secretArn };
  if (env.IS_OFFLINE === 'true') return { key: checkKey(name, requireEnv(env, name)) };
  throw new ConfigError(`Environment variable ${name}_SECRET_ARN must be set`);
}

/** CUSTOMER_ID_KEY_VERSION: a short label (`1`, `2`, `2026-11`), `1` when unset. */
function loadCustomerIdKeyVersion(env: NodeJS.ProcessEnv): string {
  const version = env.CUSTOMER_ID_KEY_VERSION?.trim() || '1';
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(version)) throw new ConfigError('CUSTOMER_ID_KEY_VERSION must be 1 to 32 letters, digits, dots, dashes or underscores');
  return version;
}

/** The key itself, trimmed, if it is long enough to be one; a {@link ConfigError} naming `name` if not. */
export function checkKey(name: KeyName, key: string): string {
  const trimmed = key.trim();
  if (trimmed.length < MIN_KEY_LENGTH) throw new ConfigError(`${name} must be at least ${MIN_KEY_LENGTH} characters (openssl rand -base64 32)`);
  return trimmed;
}

/**
 * The SES configuration set every send goes through (SES_CONFIGURATION_SET: serverless.yml sets the
 * one the stack creates). Only the functions that send email read it.
 */
export function loadSesConfigurationSet(env: NodeJS.ProcessEnv): string {
  return requireEnv(env, 'SES_CONFIGURATION_SET');
}

/** The sender's delay queue (SEND_DELAY_QUEUE_URL), which the schedule's timer writes to and the sender reads. */
export function loadSendDelayQueueUrl(env: NodeJS.ProcessEnv): string {
  return requireEnv(env, 'SEND_DELAY_QUEUE_URL');
}

/**
 * Reads and checks every setting once (at cold start). Throws {@link ConfigError} naming the
 * first problem, so a misconfigured deployment fails loudly instead of answering wrongly.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const stage = env.STAGE?.trim() || 'dev';
  const file = brandFiles[stage];
  if (!file) throw new ConfigError(`No brand file for stage ${stage}: expected config/brands.${stage}.json`);
  let stageRateLimits: readonly RateLimitRule[];
  try {
    stageRateLimits = overrideRateLimits(parseRateLimits(DEFAULT_RATE_LIMITS), parseRateLimits(env.RATE_LIMITS?.trim() ?? ''));
  } catch (error) {
    throw new ConfigError(`RATE_LIMITS: ${(error as Error).message}`);
  }
  const brands = loadBrandCatalog(file, stage, stageRateLimits);
  const needsCustomers = file.brands.some((b) => b.customerDirectory === 'table');
  return Object.freeze({
    stage,
    tableName: requireEnv(env, 'TABLE_NAME'),
    customerTableName: needsCustomers ? requireEnv(env, 'CUSTOMER_TABLE_NAME') : env.CUSTOMER_TABLE_NAME?.trim() || undefined,
    brands,
    customerIdKeyVersion: loadCustomerIdKeyVersion(env),
  });
}

/**
 * {@link loadConfig} and CORS_ALLOWED_ORIGINS, for the functions behind API Gateway (the sender has
 * no callers, so neither the setting nor its check). Throws {@link ConfigError} like loadConfig.
 */
export function loadHttpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  return Object.freeze({ ...loadConfig(env), ...parseOrigins(env.CORS_ALLOWED_ORIGINS) });
}
