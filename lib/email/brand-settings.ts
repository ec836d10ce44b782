import { catalogOf, ConfigError, type Brand, type BrandCatalog } from '../config';
import { isTimeZone } from './formats';
import { checkBrandTemplates } from './templates';

const isLoopback = (url: URL): boolean => url.hostname === 'localhost' || url.hostname === '127.0.0.1';

/**
 * LOCAL_PORTAL_ORIGIN, e.g. `http://localhost:8080`: where the local portal listens (`npm start`
 * sets it from PORTAL_PORT; no deployed stage has it). Brand files are bundled at build time, so
 * this is how a local brand's link follows the portal's port. It must itself be a loopback origin.
 */
function parseLocalPortalOrigin(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'http:' || !isLoopback(url) || url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError('LOCAL_PORTAL_ORIGIN must be a loopback origin such as http://localhost:8080');
  }
  return url.origin;
}

/** The brand with its email settings checked, its link moved to `localPortalOrigin` if it is a loopback one. */
function checkEmailSettings(brand: Brand, stage: string, localPortalOrigin: string | undefined): Brand {
  const where = `brand "${brand.name}" of stage ${stage}`;
  for (const field of ['senderAddress', 'supportAddress'] as const) {
    if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(brand[field])) throw new ConfigError(`${where}: ${field} is not an email address`);
  }
  // The display name ends up in a mail header; refuse anything that could break out of it.
  if (!brand.senderName || /[\u0000-\u001f\u007f"<>]/.test(brand.senderName)) {
    throw new ConfigError(`${where}: senderName must be non-empty, without quotes, angle brackets or control characters`);
  }
  if (!isTimeZone(brand.timeZone)) throw new ConfigError(`${where}: timeZone "${brand.timeZone}" is not an IANA time zone such as "Europe/Berlin"`);
  let url: URL;
  try {
    url = new URL(brand.resetUrl);
  } catch {
    throw new ConfigError(`${where}: resetUrl is not a URL`);
  }
  const isLocal = isLoopback(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    throw new ConfigError(`${where}: resetUrl must be https (plain http only for localhost)`);
  }
  if (url.hash) throw new ConfigError(`${where}: resetUrl must not have a #fragment`);
  // The service adds the token parameter itself; a second one would leave the portal guessing.
  if (url.searchParams.has('token')) throw new ConfigError(`${where}: resetUrl must not have a token parameter`);
  // Only loopback links move to the local portal: no setting can send a real brand's links elsewhere.
  if (!localPortalOrigin || !isLocal) return brand;
  return Object.freeze({ ...brand, resetUrl: new URL(`${url.pathname}${url.search}`, localPortalOrigin).toString() });
}

/**
 * The catalog the sender mails with: every brand of `catalog` (stage `stage`) with the settings only
 * emails use checked (the sender and reply-to addresses, the From name, which ends up in a header,
 * the link: https, or plain http on this machine, no fragment and no `token` parameter of its own,
 * and the IANA time zone) and its template set present with every locale ({@link checkBrandTemplates},
 * which looks the set's files up by name, so a name that is no set, `../x` included, is refused there);
 * under `npm start`, loopback links moved to LOCAL_PORTAL_ORIGIN. Run once at the sender's cold
 * start; throws {@link ConfigError} naming the first brand and setting that fails.
 */
export function emailBrandCatalog(catalog: BrandCatalog, stage: string, env: NodeJS.ProcessEnv): BrandCatalog {
  const localPortalOrigin = parseLocalPortalOrigin(env.LOCAL_PORTAL_ORIGIN);
  const brands = catalog.all.map((brand) => checkEmailSettings(brand, stage, localPortalOrigin));
  checkBrandTemplates(brands);
  return catalogOf(brands.find((brand) => brand.key === catalog.defaultBrand.key)!, brands);
}
