import { emailsTo } from './support/inbox';
import { send, uniqueEmail, type HttpResult } from './support/http';
import { portalUrl } from './support/stack';
import { allItems, tokenItemOf } from './support/table';

/**
 * A browser on any page can post cross-site without a CORS preflight: a form post, or JSON sent as
 * text/plain to a predefined route (read as JSON whatever the Content-Type). The local stack's CORS is
 * `*`, and it lists the local portal's origins by name (scripts/local-stack.js, PORTAL_PORT).
 */
const path = '/json/reply/ResetCustomerPasswordRequest';
const evil = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
const portal = portalUrl;

const formPost = (email: string, headers: Record<string, string>) =>
  send('POST', path, `Email=${encodeURIComponent(email)}`, { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
const textPlainJson = (email: string, headers: Record<string, string>) =>
  send('POST', path, JSON.stringify({ Email: email }), { 'Content-Type': 'text/plain;charset=UTF-8', ...headers });

const expectRefused = (response: HttpResult) => {
  expect(response.status).toBe(403);
  expect(JSON.parse(response.body)).toEqual({
    ResponseStatus: expect.objectContaining({ ErrorCode: 'Forbidden', Message: 'Cross-site requests are only accepted from the origins this service lists' }),
  });
};

/**
 * What a reset request writes, by key: token items (their nonce) and the client's counters (their
 * counts). The sender writes the other counters, later, so the whole table is no measure of a request.
 */
async function requestPathWrites(): Promise<Map<string, string | undefined>> {
  const items = (await allItems()).filter((item) => item.pk?.S?.startsWith('token#') || item.pk?.S?.startsWith('rate#ip#'));
  return new Map(items.map((item) => [item.pk!.S!, JSON.stringify(item.nonce ?? item.hits ?? item)]));
}

describe('cross-site requests (through HTTP)', () => {
  it.each([
    ['a form post', formPost],
    ['a text/plain JSON body', textPlainJson],
  ])('refuses %s from an unlisted origin with 403 Forbidden, counting, storing and sending nothing', async (_kind, post) => {
    const email = uniqueEmail('cross-site');
    const before = await requestPathWrites();

    expectRefused(await post(email, evil));
    expectRefused(await post(email, { Origin: 'https://evil.example' })); // a browser without Fetch Metadata

    // No token and no client counter: none new, none raised (a counter's sub-window may end meanwhile).
    const after = await requestPathWrites();
    for (const [pk, value] of after) expect([pk, value]).toEqual([pk, before.get(pk)]);
    expect(await tokenItemOf('PumpAlarm', email)).toBeUndefined();
    expect(await emailsTo(email)).toEqual([]);
  });

  it.each([
    ['the listed local portal, cross-site', { Origin: portal, 'Sec-Fetch-Site': 'cross-site' }],
    ['same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['none', { 'Sec-Fetch-Site': 'none' }],
    ['neither header (as ServiceStack clients send)', {}],
  ])('accepts %s, and sends the email', async (_kind, headers) => {
    const email = uniqueEmail('same-site');
    const response = await textPlainJson(email, headers);
    expect(response.status).toBe(200);
    expect(await emailsTo(email)).toHaveLength(1);
  });
});

describe("CORS headers (through HTTP), the function's own as API Gateway passes them", () => {
  // serverless offline would add its own: the origin echoed and `Access-Control-Allow-Credentials:
  // true`, which beside `*` browsers refuse (local/offline-preload.js takes them off).
  it.each([
    ['a preflight', 'OPTIONS', { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-custom' }],
    ['a cross-site post', 'POST', { 'Content-Type': 'application/json' }],
  ])('answers %s from any origin with "*" and no credentials header', async (_kind, method, headers) => {
    const response = await send(method, path, method === 'POST' ? '{}' : undefined, { Origin: 'https://any-site.example', ...headers });
    const cors = Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
    expect(cors).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '600',
    });
  });
});
