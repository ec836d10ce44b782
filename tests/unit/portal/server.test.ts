import type { AddressInfo } from 'node:net';
import { request as httpRequest, type Server } from 'node:http';
import type { ApiResult, CompletedLink, RevokedLinks, ServiceApi, VerifiedLink } from '../../../local/portal/api';
import type { CustomerStore } from '../../../local/portal/customers';
import { portalBrandsOf } from '../../../local/portal/brands';
import { createPortalServer } from '../../../local/portal/server';
import devBrands from '../../../config/brands.dev.json';
import { renderEmail } from '../../../lib/email/render';
import { devBrands as devCatalog } from '../fakes';

// Real scrypt at N=2^17 (128 MiB) takes up to a second a hash on a busy machine; Jest's 5 s default is too tight.
jest.setTimeout(30_000);

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv.token-value-for-the-portal-tests';
const verified: ApiResult<VerifiedLink> = { ok: true, value: { CustomerBrandName: 'AquaGuard', MaskedEmail: 'j***@example.com', ExpiresAt: '2030-01-01T10:30:00.000Z' } };

/** A fake service: records every call, answers what the test says. */
function fakeApi(answers: { verify?: ApiResult<VerifiedLink>; complete?: ApiResult<CompletedLink>; reset?: ApiResult<object>; revoke?: ApiResult<RevokedLinks> } = {}) {
  const calls: Array<[string, ...string[]]> = [];
  const api: ServiceApi = {
    requestReset: async (email, brand) => (calls.push(['reset', email, brand]), answers.reset ?? { ok: true, value: {} }),
    verifyToken: async (token) => (calls.push(['verify', token]), answers.verify ?? verified),
    completeReset: async (token) => (calls.push(['complete', token]), answers.complete ?? { ok: true, value: { CustomerBrandName: 'AquaGuard', Email: 'jane.doe@example.com' } }),
    revokeResetTokens: async (email, brand) => (calls.push(['revoke', email, brand]), answers.revoke ?? { ok: true, value: { RevokedCount: 0 } }),
  };
  return { api, calls };
}

let server: Server;
let base: string;
let logLines: string[];
let stored: Array<[string, string, string]>;

async function startPortal(api: ServiceApi, origin?: string): Promise<void> {
  logLines = [];
  stored = [];
  // The portal's one customer; any other address has no account.
  const customers: CustomerStore = {
    setPasswordHash: async (brand, email, hash) => brand === 'AquaGuard' && email === 'jane.doe@example.com' && stored.push([brand, email, hash]) > 0,
    changeEmail: async () => 'unknown',
  };
  server = createPortalServer({ brands: portalBrandsOf(devBrands), api, customers, log: (line) => logLines.push(line), ...(origin ? { origin } : {}) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const cookie = `reset_token=${TOKEN}`;

/** A raw request through node:http, which sends Host and Fetch Metadata exactly as given (fetch would set its own Host). */
const rawRequest = (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body = '') =>
  new Promise<number>((resolve, reject) => {
    const sent = httpRequest(`${base}${path}`, { method, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    sent.on('error', reject);
    sent.end(body);
  });
const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });

describe('the portal server', () => {
  it('takes the token out of the address bar: a Strict HttpOnly cookie for the reset page, and a refresh to the token-free address', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await fetch(`${base}/aquaguard/reset-password?token=${TOKEN}`, { redirect: 'manual', headers: { 'Sec-Fetch-Site': 'none' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBe(`reset_token=${TOKEN}; Path=/aquaguard/reset-password; Max-Age=1800; HttpOnly; SameSite=Strict`);
    expect(response.headers.get('refresh')).toBe('0; url=/aquaguard/reset-password');
    expect(await response.text()).not.toContain(TOKEN);
    expect(calls).toEqual([]);
  });

  it('verifies the token from the cookie and shows brand, masked address and expiry, with the protections on', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await fetch(`${base}/aquaguard/reset-password`, { headers: { cookie } });
    const page = await response.text();
    expect(calls).toEqual([['verify', TOKEN]]);
    expect(page).toContain('Choose a new AquaGuard password');
    expect(page).toContain('j***@example.com');
    expect(page).toContain('until Jan 1, 2030 at 11:30 AM GMT+1');
    expect(page).not.toContain(TOKEN);
    expect(page).not.toMatch(/<script/i);
    expect(Object.fromEntries(['content-security-policy', 'referrer-policy', 'x-content-type-options', 'cache-control'].map((h) => [h, response.headers.get(h)]))).toEqual({
      'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  it("names the link's expiry as the brand's email does: one moment, in the brand's zone and words", async () => {
    // AquaGuard is in Europe/Berlin: the email said "4:05 AM GMT+1" where this page said "03:05 UTC".
    const expiresAt = Date.UTC(2026, 11, 7, 3, 5) / 1000;
    await startPortal(fakeApi({ verify: { ok: true, value: { ...verified.value, ExpiresAt: new Date(expiresAt * 1000).toISOString() } } }).api);
    const page = await (await fetch(`${base}/aquaguard/reset-password`, { headers: { cookie } })).text();
    const email = renderEmail(devCatalog.findBrand('AquaGuard')!, 'en', { kind: 'reset-password', link: 'http://localhost/x', expiresAt, lifetimeSeconds: 1800 });
    const expiry = 'until Dec 7, 2026 at 4:05 AM GMT+1';
    expect(email.text).toContain(expiry);
    expect(page).toContain(expiry);
  });

  it('keeps the token cookie for as long as the link works, never longer than the brand lets a link live', async () => {
    const expiresIn = async (seconds: number) => {
      const { api } = fakeApi({ verify: { ok: true, value: { ...verified.value, ExpiresAt: new Date(Date.now() + seconds * 1000).toISOString() } } });
      await startPortal(api);
      const response = await fetch(`${base}/aquaguard/reset-password`, { headers: { cookie } });
      await new Promise((resolve) => server.close(resolve));
      return /^reset_token=([^;]+); Path=\/aquaguard\/reset-password; Max-Age=(\d+); HttpOnly; SameSite=Strict$/.exec(response.headers.get('set-cookie') ?? '');
    };
    const twentyFiveMinutes = await expiresIn(25 * 60);
    expect(twentyFiveMinutes?.[1]).toBe(TOKEN);
    expect(Number(twentyFiveMinutes?.[2])).toBeGreaterThan(25 * 60 - 5);
    expect(Number(twentyFiveMinutes?.[2])).toBeLessThanOrEqual(25 * 60);
    // A clock ahead of the service's cannot keep the token longer than AquaGuard's 30-minute links.
    expect((await expiresIn(5 * 3600))?.[2]).toBe('1800');
    await startPortal(fakeApi().api);
  });

  it.each([
    ['TokenUsed', 400, 'This link has already been used'],
    ['TokenExpired', 400, 'This link has expired'],
    ['TokenNotFound', 404, 'We do not recognise this link'],
  ])('gives %s its own plain message and a way to ask for a new link', async (errorCode, status, title) => {
    const { api } = fakeApi({ verify: { ok: false, status, errorCode } });
    await startPortal(api);
    const response = await fetch(`${base}/aquaguard/reset-password`, { headers: { cookie } });
    const page = await response.text();
    expect(response.status).toBe(status);
    expect(page).toContain(`<h1>${title}</h1>`);
    expect(page).toContain('<a href="/aquaguard/forgot-password">Ask for a new link</a>');
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('checks the password before it redeems the link: a refused password leaves the link usable', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'short', confirmation: 'short' }, { cookie });
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain('aria-describedby="password-hint password-error"');
    expect(page).toContain('<p class="field-error" id="password-error">Use at least 8 characters.</p>');
    expect(calls.map(([name]) => name)).toEqual(['verify']);
    expect(stored).toEqual([]);
  });

  it('redeems the link, stores a scrypt hash for the customer the service names, and redirects to the success page', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie, Origin: base });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/aquaguard/reset-password/done');
    expect(response.headers.get('set-cookie')).toContain('reset_token=; Path=/aquaguard/reset-password; Max-Age=0');
    expect(calls).toEqual([['complete', TOKEN], ['revoke', 'jane.doe@example.com', 'AquaGuard']]);
    expect(stored).toEqual([['AquaGuard', 'jane.doe@example.com', expect.stringMatching(/^\$scrypt\$ln=17,/)]]);
  });

  it('makes no account for a redeemed link of an address it has no customer for: the link reads as not recognised', async () => {
    const { api, calls } = fakeApi({ complete: { ok: true, value: { CustomerBrandName: 'AquaGuard', Email: 'old.address@example.com' } } });
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie, Origin: base });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('We do not recognise this link');
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0');
    expect(stored).toEqual([]);
    expect(calls.map(([name]) => name)).toEqual(['complete']);
    expect(logLines.join('\n')).toContain('portal: a redeemed AquaGuard link names no customer; nothing stored');
    expect(logLines.join('\n')).not.toContain('old.address');
  });

  it('keeps the new password when the service cannot end the other links, and logs it for an operator', async () => {
    const { api } = fakeApi({ revoke: { ok: false, status: 503, errorCode: 'ServiceUnavailable' } });
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie, Origin: base });
    expect(response.status).toBe(303);
    expect(stored).toHaveLength(1);
    expect(logLines).toContain('portal: the reset links of a customer of AquaGuard were not ended (503 ServiceUnavailable); repeat RevokeCustomerPasswordResetTokens');
  });

  it('stores nothing when the link was already used, and says so', async () => {
    const { api } = fakeApi({ complete: { ok: false, status: 400, errorCode: 'TokenUsed' } });
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie });
    expect(await response.text()).toContain('This link has already been used');
    expect(stored).toEqual([]);
  });

  it('refuses a form posted from another site', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie, Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it.each([
    ['a sibling site on another local port', { 'Sec-Fetch-Site': 'same-site', Origin: 'http://localhost:1' }],
    ['a sandboxed page elsewhere', { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' }],
    ['another origin, without Fetch Metadata', { Origin: 'http://localhost:1' }],
    ['a page whose origin is null (sandboxed, data:), without Fetch Metadata', { Origin: 'null' }],
  ])('refuses a form posted from %s', async (_, headers) => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    expect(await rawRequest('POST', '/pumpalarm/forgot-password', headers, 'email=someone%40example.com')).toBe(403);
    expect(calls).toEqual([]);
  });

  it.each([
    ['its own page, which sends Origin: null under no-referrer', { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }],
    ['its own origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://localhost:PORT', Host: 'localhost:PORT' }],
  ])('takes a form posted from %s', async (_, headers) => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const port = new URL(base).port;
    const withPort = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace('PORT', port)]));
    expect(await rawRequest('POST', '/pumpalarm/forgot-password', withPort, 'email=someone%40example.com')).toBe(200);
    expect(calls).toEqual([['reset', 'someone@example.com', 'PumpAlarm']]);
  });

  it.each([
    ['another site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a sibling site', { 'Sec-Fetch-Site': 'same-site' }],
    ['a browser without Fetch Metadata', {}],
  ])('sets no cookie for a link followed from %s: a Continue button posts the token from its own page', async (_, headers) => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const landed = await fetch(`${base}/aquaguard/reset-password?token=${TOKEN}`, { redirect: 'manual', headers });
    expect(landed.status).toBe(200);
    expect(landed.headers.get('set-cookie')).toBeNull();
    expect(landed.headers.get('refresh')).toBeNull();
    const page = await landed.text();
    expect(page).toContain('<form method="post" action="/aquaguard/reset-password">');
    expect(page).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);

    const continued = await post('/aquaguard/reset-password', { token: TOKEN }, { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' });
    expect(continued.status).toBe(303);
    expect(continued.headers.get('location')).toBe('/aquaguard/reset-password');
    expect(continued.headers.get('set-cookie')).toBe(`reset_token=${TOKEN}; Path=/aquaguard/reset-password; Max-Age=1800; HttpOnly; SameSite=Strict`);
    // Another site cannot post a token instead.
    expect((await post('/aquaguard/reset-password', { token: 'planted' }, { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' })).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it.each(['%E0%A4%A', '%', 'a%zz'])('takes a reset_token cookie that does not decode (%s) for no link: 400, never 500', async (value) => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const shown = await fetch(`${base}/aquaguard/reset-password`, { headers: { cookie: `reset_token=${value}` } });
    expect(shown.status).toBe(400);
    expect(await shown.text()).toContain('Open the link from your email');
    const posted = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie: `reset_token=${value}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(posted.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('makes the token cookie Secure when served over https: behind a proxy that says so, or at an https origin', async () => {
    const setCookie = async (headers: Record<string, string>) =>
      (await fetch(`${base}/aquaguard/reset-password?token=${TOKEN}`, { redirect: 'manual', headers: { 'Sec-Fetch-Site': 'none', ...headers } })).headers.get('set-cookie');
    await startPortal(fakeApi().api);
    expect(await setCookie({})).not.toContain('Secure');
    expect(await setCookie({ 'X-Forwarded-Proto': 'http' })).not.toContain('Secure');
    expect(await setCookie({ 'X-Forwarded-Proto': 'https' })).toMatch(/; Secure$/);
    expect(await setCookie({ 'X-Forwarded-Proto': 'HTTPS, http' })).toMatch(/; Secure$/);
    await new Promise((resolve) => server.close(resolve));
    await startPortal(fakeApi().api, 'https://localhost:8443');
    expect(await setCookie({})).toMatch(/; Secure$/);
    const cleared = await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie, 'Sec-Fetch-Site': 'same-origin' });
    expect(cleared.headers.get('set-cookie')).toMatch(/^reset_token=; .*Max-Age=0; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('answers only to its own loopback names, so a rebound DNS name can neither read nor post (DNS rebinding)', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const evil = { Host: 'evil.example', Origin: 'http://evil.example', 'Sec-Fetch-Site': 'same-origin' };
    expect(await rawRequest('POST', '/pumpalarm/forgot-password', evil, 'email=someone%40example.com')).toBe(421);
    expect(await rawRequest('GET', '/pumpalarm/forgot-password', { Host: 'evil.example:8080' })).toBe(421);
    expect(await rawRequest('GET', '/pumpalarm/forgot-password', { Host: 'localhost.evil.example' })).toBe(421);
    expect(calls).toEqual([]);
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080']) expect(await rawRequest('GET', '/pumpalarm/forgot-password', { Host: host })).toBe(200);
  });

  it('answers every address the service took the same on the forgot page, and asks the service for the brand', async () => {
    const { api, calls } = fakeApi();
    await startPortal(api);
    const response = await post('/pumpalarm/forgot-password', { email: 'someone@example.com' });
    expect(response.status).toBe(200);
    expect(calls).toEqual([['reset', 'someone@example.com', 'PumpAlarm']]);
    expect(await response.text()).toContain('If PumpAlarm has an account for that address, we have sent it a link');
  });

  it.each([
    [{ ok: false, status: 429, errorCode: 'TooManyRequests', retryAfterSeconds: 241 }, 429, '241', 'Too many requests from your network just now, so we have not sent a link. Please try again in 5 minutes.'],
    [{ ok: false, status: 429, errorCode: 'TooManyRequests', retryAfterSeconds: 30 }, 429, '30', 'Please try again in 1 minute.'],
    [{ ok: false, status: 503, errorCode: 'ServiceUnavailable', retryAfterSeconds: 120 }, 503, '120', 'We could not send a link just now. Please try again in 2 minutes.'],
    [{ ok: false, status: 503, errorCode: 'ServiceUnavailable' }, 503, null, 'We could not send a link just now. Please try again in a few minutes.'],
  ] as const)('says on the forgot page that nothing was sent when the service answers %o, and when to try again', async (reset, status, retryAfter, message) => {
    const { api } = fakeApi({ reset });
    await startPortal(api);
    const response = await post('/pumpalarm/forgot-password', { email: 'someone@example.com' });
    const page = await response.text();
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
    expect(page).toContain(message);
    expect(page).not.toContain('we have sent it a link');
    expect(page).toContain('value="someone@example.com"');
  });

  it('ties an unusable address to its field', async () => {
    const { api } = fakeApi({ reset: { ok: false, status: 400, errorCode: 'ValidationException' } });
    await startPortal(api);
    const page = await (await post('/pumpalarm/forgot-password', { email: 'not an address' })).text();
    expect(page).toContain('id="email-error"');
    expect(page).toContain('aria-invalid="true" aria-describedby="email-error"');
  });

  it('answers the icon browsers ask for with 204 No Content, so no page logs a 404', async () => {
    await startPortal(fakeApi().api);
    const response = await fetch(`${base}/favicon.ico`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('logs one line per request, with the path but never the query or the token', async () => {
    const { api } = fakeApi();
    await startPortal(api);
    await fetch(`${base}/aquaguard/reset-password?token=${TOKEN}`, { redirect: 'manual' });
    await post('/aquaguard/reset-password', { password: 'a quiet harbour', confirmation: 'a quiet harbour' }, { cookie });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/portal GET \/aquaguard\/reset-password 200 \d+ms$/);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });
});
