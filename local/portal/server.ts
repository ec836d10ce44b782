/**
 * The local reference portal: for each local brand, the pages its reset link opens, served by a
 * plain Node HTTP server (no framework: a handful of routes and two forms). It shows the portal team
 * how to integrate: the back end calls the service server-side, the token never reaches a log or
 * another site, and the forms work without JavaScript.
 *
 * The link's journey: `GET <resetPath>?token=...` keeps the token in an HttpOnly, SameSite=Strict
 * cookie scoped to the reset page, for as long as the link works (see tokenCookieSeconds), and
 * answers with a page that refreshes to the token-free address (a same-site navigation, so the
 * Strict cookie goes with it even when the link was clicked in a web mail on another site, where a
 * 303 would lose it); the token-free page verifies the token (never consuming it) and shows the
 * form; its POST checks the password, then redeems the token, stores the password's hash for the
 * customer if the portal has one (never creating one), and ends the customer's other reset links.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isUnlistedCrossSite } from '../../lib/cross-site';
import { createCustomerAccounts } from './accounts';
import type { ServiceApi } from './api';
import type { CustomerStore } from './customers';
import { donePage, forgotPage, indexPage, openingPage, linkProblemPage, resetPage, statusPage, STYLESHEET, unavailablePage, type LinkProblem, type PortalBrand } from './pages';
import { checkNewPassword, hashPassword } from './password';

export interface PortalOptions {
  readonly brands: readonly PortalBrand[];
  readonly api: ServiceApi;
  readonly customers: CustomerStore;
  /** Where each request's one line goes (method, path without query, status): never a token. */
  readonly log: (line: string) => void;
}

const TOKEN_COOKIE = 'reset_token';
/** The forms post a few short fields. */
const MAX_FORM_BYTES = 8 * 1024;
const LINK_PROBLEMS: ReadonlySet<string> = new Set<LinkProblem>(['TokenUsed', 'TokenExpired', 'TokenNotFound']);

/**
 * Sent with every response. No script may run at all, styles come from the portal only, forms post
 * only to it, and no other site may frame it; the reset page's address (with or without a token)
 * is never sent on as a Referer; nothing is cached.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

class FormTooLargeError extends Error {}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function tokenCookie(brand: PortalBrand, token: string, maxAge: number): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=${brand.resetPath}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict`;
}

/**
 * How long the token may wait in the cookie, in seconds: as long as the link works (`expiresAt`, the
 * service's ExpiresAt), so a customer who takes their time keeps the typed password; never longer
 * than the brand's link lifetime (at most a day, see lib/config.ts), whatever a clock says. Without
 * an expiry yet (the link just opened, not verified), the brand's link lifetime.
 */
function tokenCookieSeconds(brand: PortalBrand, expiresAt?: string): number {
  const remaining = expiresAt === undefined ? brand.tokenTtlSeconds : Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000);
  return Number.isFinite(remaining) ? Math.min(Math.max(remaining, 0), brand.tokenTtlSeconds) : brand.tokenTtlSeconds;
}

/**
 * The names the portal answers to: it listens on loopback only, so any other Host is a name of
 * someone else's that resolves here (DNS rebinding), whose pages must not read or post to it.
 */
const OWN_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * A form post from a page of another site (a sibling `same-site` port included), by the service's
 * own rule with no origin listed (lib/cross-site.ts). `Origin: null` is read as no Origin: the
 * portal's `Referrer-Policy: no-referrer` makes browsers send `null` on its own form posts, and
 * Fetch Metadata, which every current browser sends with it, still refuses a `null` from elsewhere.
 */
function isCrossSite(request: IncomingMessage): boolean {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const origin = header('origin');
  return isUnlistedCrossSite({ 'sec-fetch-site': header('sec-fetch-site'), origin: origin === 'null' ? undefined : origin, host: header('host') }, []);
}

/** Creates the portal's HTTP server (not yet listening). */
export function createPortalServer(options: PortalOptions): Server {
  const { brands, api } = options;
  const accounts = createCustomerAccounts(options.customers, api, options.log);

  function send(response: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
    response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  }

  function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
    response.writeHead(303, { ...SECURITY_HEADERS, Location: location, ...headers });
    response.end();
  }

  /** The link's verification, or the page that says why it cannot be used. */
  async function showResetForm(response: ServerResponse, brand: PortalBrand, token: string | undefined, problems: ReturnType<typeof checkNewPassword> = []): Promise<void> {
    if (!token) return send(response, 400, linkProblemPage(brand, 'NoLink'));
    const verified = await api.verifyToken(token);
    if (verified.ok) {
      const { MaskedEmail: maskedEmail, ExpiresAt: expiresAt } = verified.value;
      const keep = { 'Set-Cookie': tokenCookie(brand, token, tokenCookieSeconds(brand, expiresAt)) };
      return send(response, problems.length ? 400 : 200, resetPage(brand, { maskedEmail, expiresAt }, problems), keep);
    }
    return sendTokenFailure(response, brand, verified);
  }

  function sendTokenFailure(response: ServerResponse, brand: PortalBrand, failure: { status: number; errorCode: string }): void {
    const clear = { 'Set-Cookie': tokenCookie(brand, '', 0) };
    if (LINK_PROBLEMS.has(failure.errorCode)) return send(response, failure.status, linkProblemPage(brand, failure.errorCode as LinkProblem), clear);
    return send(response, 503, unavailablePage(brand));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    const method = request.method ?? 'GET';
    if (!OWN_HOST.test(request.headers.host ?? '')) return send(response, 421, statusPage(421));
    if (url.pathname === '/portal.css' && method === 'GET') return send(response, 200, STYLESHEET, { 'Content-Type': 'text/css; charset=utf-8' });
    // Browsers ask every site for an icon; the portal has none, and a 404 would be a console error on every page.
    if (url.pathname === '/favicon.ico' && method === 'GET') return void response.writeHead(204, SECURITY_HEADERS).end();
    if (url.pathname === '/' && method === 'GET') return send(response, 200, indexPage(brands));
    const brand = brands.find((b) => [b.resetPath, b.forgotPath, b.donePath].includes(url.pathname));
    if (!brand || (method !== 'GET' && method !== 'POST')) return send(response, 404, statusPage(404));
    if (method === 'POST' && isCrossSite(request)) return send(response, 403, statusPage(403));

    if (url.pathname === brand.forgotPath) {
      if (method === 'GET') return send(response, 200, forgotPage(brand));
      const email = (await readForm(request)).get('email')?.trim() ?? '';
      if (!email) return send(response, 400, forgotPage(brand, { emailError: 'Enter your email address.' }));
      const result = await api.requestReset(email, brand.name);
      // One answer for every address the service took. Its refusals are told as they are: nothing was
      // sent, and a 429 says nothing about an account (the limits count strangers alike).
      if (result.ok) return send(response, 200, forgotPage(brand, { sent: true }));
      if (result.status === 400) return send(response, 400, forgotPage(brand, { email, emailError: 'Enter an email address such as name@example.com.' }));
      const status = result.status === 429 ? 429 : 503;
      const { retryAfterSeconds } = result;
      const refused = { reason: status === 429 ? 'TooManyRequests' : 'Unavailable', retryAfterSeconds } as const;
      return send(response, status, forgotPage(brand, { email, refused }), retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
    }

    if (url.pathname === brand.donePath) return send(response, 200, donePage(brand));

    // The reset page.
    if (method === 'GET') {
      const token = url.searchParams.get('token');
      if (token) {
        const refresh = `0; url=${brand.resetPath}`;
        return send(response, 200, openingPage(brand.resetPath), { 'Set-Cookie': tokenCookie(brand, token, tokenCookieSeconds(brand)), Refresh: refresh });
      }
      return showResetForm(response, brand, cookieOf(request, TOKEN_COOKIE));
    }
    const token = cookieOf(request, TOKEN_COOKIE);
    const form = await readForm(request);
    const problems = checkNewPassword(form.get('password') ?? '', form.get('confirmation') ?? '');
    // A refused password leaves the link unused: it is checked before the token is redeemed.
    if (!token || problems.length) return showResetForm(response, brand, token, problems);
    const completed = await api.completeReset(token);
    if (!completed.ok) return sendTokenFailure(response, brand, completed);
    const { CustomerBrandName: brandName, Email: email } = completed.value;
    // Only an account the portal has gets the password (a brand whose directory is "all" mails any
    // address a link): the link then reads as one we do not recognise, and no account is made.
    if (!(await accounts.setPassword(brandName, email, await hashPassword(form.get('password')!)))) {
      options.log(`portal: a redeemed ${brandName} link names no customer; nothing stored`);
      return sendTokenFailure(response, brand, { status: 400, errorCode: 'TokenNotFound' });
    }
    return redirect(response, brand.donePath, { 'Set-Cookie': tokenCookie(brand, '', 0) });
  }

  return createServer((request, response) => {
    const started = performance.now();
    response.on('finish', () => {
      const path = (request.url ?? '/').split('?', 1)[0];
      options.log(`${new Date().toISOString().slice(11, 23)} portal ${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)}ms`);
    });
    handle(request, response).catch((error: unknown) => {
      if (error instanceof FormTooLargeError) return send(response, 413, statusPage(413));
      options.log(`portal error: ${error instanceof Error ? error.name : typeof error}`);
      if (!response.headersSent) send(response, 500, statusPage(500));
    });
  });
}
