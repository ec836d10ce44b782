import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '../../scripts/local-stack-runner';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';
import { dataContractSerializer } from '../support/data-contract-check';
import type { StoredEmail } from './support/inbox';
import { customerTableName, dynamoDbClientOn, testPortsMovedBy, testStackSettings } from './support/stack';

/**
 * The attacks of the "limits that pace" issue, through HTTP, on a stack of their own whose limits are
 * shrunk so they play out in seconds: a mailbox gets one email every 6 s, a client 10 requests a
 * minute, a recipient domain 4 emails in 20 s (never binding for one mailbox: its cooldown allows
 * at most 4 in 20 s). The sender runs behind the stream and the delay queue,
 * so the tests wait for emails in the local SES inbox, within bounds the schedule promises.
 */
const ports = testPortsMovedBy(70);
const COOLDOWN_MS = 6_000;
const DOMAIN_WINDOW_MS = 20_000;
const DOMAIN_LIMIT = 4;
const CLIENT_LIMIT = 10;
/** What the local stack adds to a scheduled send: the stream poller, SQS's whole-second delays and its 1 s receive wait. */
const SLACK_MS = 4_000;

let stack: RunningStack;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  stack = await startStack(ports, join(__dirname, '../../.test-output/pacing-stack.log'), {
    ...testStackSettings(join(__dirname, '../../.test-output/pacing-sender-failures.jsonl')),
    RATE_LIMITS: `customer:1/${COOLDOWN_MS / 1000},ip:${CLIENT_LIMIT}/60,domain:${DOMAIN_LIMIT}/${DOMAIN_WINDOW_MS / 1000}`,
    // Its own build folder: serverless-esbuild clears its folder on exit (see faults.test.ts).
    ESBUILD_WORK_FOLDER: '.esbuild/pacing',
  });
  dynamodb = dynamoDbClientOn(ports.DYNAMODB_PORT);
}, 150_000);

afterAll(async () => {
  dynamodb?.destroy();
  await stack?.stop();
}, 30_000);

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * A POST from a loopback address of our choosing (all of 127.0.0.0/8 reaches the API), so each test
 * is a client of its own: resolves to the status, Retry-After and body.
 */
function postFrom(
  localAddress: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; retryAfter: string | undefined; batchCompleted: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: Number(ports.API_PORT), path, method: 'POST', localAddress, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            batchCompleted: response.headers['x-autobatch-completed'] as string | undefined,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** POST /ResetCustomerPassword as JSON from `localAddress` (see {@link postFrom}). */
const resetFrom = (localAddress: string, dto: Record<string, string>) => postFrom(localAddress, '/ResetCustomerPassword', JSON.stringify(dto), { 'Content-Type': 'application/json' });

async function inbox(): Promise<StoredEmail[]> {
  const response = await fetch(`${stack.sesUrl}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** Polls the inbox until `count` emails match, or `timeoutMs` passes; resolves to those that match then. */
async function waitForEmails(matches: (email: StoredEmail) => boolean, count: number, timeoutMs: number): Promise<StoredEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await inbox()).filter(matches);
    if (found.length >= count || Date.now() > deadline) return found;
    await sleep(200);
  }
}

/** The link's token in an email's text part. */
const tokenOf = (email: StoredEmail) => /[?&]token=([A-Za-z0-9_.-]+)/.exec(email.body.text ?? '')?.[1];

const verify = (token: string) =>
  fetch(`${stack.apiUrl}/VerifyCustomerPasswordResetToken`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Token: token }) });

/** When the local SES server received each email, in ms (it stores whole seconds). */
const receivedMs = (email: StoredEmail) => email.at * 1000;

describe('pacing instead of refusing (a mailbox: 1 email per 6 s; a domain: 4 per 20 s; a client: 10 requests a minute)', () => {
  it('lockout: requests for jane+1..+5 from other clients never refuse jane, and her email comes within the cooldown with a working link', async () => {
    const local = `jane-${randomUUID().slice(0, 8)}`;
    const mailbox = (email: StoredEmail) => email.destination.to.some((to) => to.replace(/\+[^@]*/, '') === `${local}@example.com`);
    const asked: number[] = [];
    const statuses: number[] = [];
    const started = Date.now();
    for (let second = 0; second < 24; second++) {
      // The attacker: a tagged copy of her address every second, from four clients in turn.
      statuses.push((await resetFrom(`127.0.1.${(second % 4) + 1}`, { Email: `${local}+${(second % 5) + 1}@example.com` })).status);
      if (second % 8 === 5) {
        asked.push(Date.now());
        const own = await resetFrom('127.0.1.9', { Email: `${local}@example.com` });
        expect(own).toMatchObject({ status: 200, retryAfter: undefined });
      }
      await sleep(started + (second + 1) * 1000 - Date.now());
    }

    const emails = (await waitForEmails(mailbox, 1, COOLDOWN_MS + SLACK_MS)).sort((a, b) => a.at - b.at);
    // Give the last scheduled email its time, then read them all.
    await sleep(COOLDOWN_MS + SLACK_MS);
    const all = (await waitForEmails(mailbox, emails.length, 0)).sort((a, b) => a.at - b.at);

    expect(statuses.every((status) => status === 200)).toBe(true);
    for (const at of asked) {
      const next = all.find((email) => receivedMs(email) >= Math.floor(at / 1000) * 1000);
      expect(next).toBeDefined();
      expect(receivedMs(next!) - at).toBeLessThanOrEqual(COOLDOWN_MS + SLACK_MS);
    }
    // At most one email per cooldown: whole seconds apart, so at least 5 s between any two.
    for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(COOLDOWN_MS / 1000 - 1);
    expect(all.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / COOLDOWN_MS) + 1);
    // The last email carries the newest link: the one that works.
    expect((await verify(tokenOf(all.at(-1)!)!)).status).toBe(200);
  }, 90_000);

  it('domain starvation: requests for unknown addresses spend no send budget, and a domain over budget is paced, not refused', async () => {
    const domain = `starve-${randomUUID().slice(0, 8)}.example`;
    const customer = `real@${domain}`;
    await dynamodb.send(new PutItemCommand({ TableName: customerTableName, Item: { pk: { S: `aquaguard#${customer}` } } }));
    // AquaGuard sends nothing to unknown addresses: twelve of them, from three clients.
    for (let i = 0; i < 12; i++) {
      expect((await resetFrom(`127.0.2.${(i % 3) + 1}`, { Email: `nobody${i}@${domain}`, CustomerBrandName: 'AquaGuard' })).status).toBe(200);
    }

    const asked = Date.now();
    expect((await resetFrom('127.0.2.9', { Email: customer, CustomerBrandName: 'AquaGuard' })).status).toBe(200);
    const [email] = await waitForEmails((stored) => stored.destination.to.includes(customer), 1, SLACK_MS);
    expect(email).toBeDefined();
    expect(receivedMs(email!) - asked).toBeLessThanOrEqual(SLACK_MS);

    // Six PumpAlarm customers (everyone is one) at a domain of their own: four go now, two once the window allows.
    const paced = `paced-${randomUUID().slice(0, 8)}.example`;
    const sentAt = Date.now();
    for (let i = 0; i < DOMAIN_LIMIT + 2; i++) expect((await resetFrom('127.0.2.10', { Email: `user${i}@${paced}` })).status).toBe(200);
    const toPaced = await waitForEmails((stored) => stored.destination.to[0]!.endsWith(`@${paced}`), DOMAIN_LIMIT + 2, DOMAIN_WINDOW_MS + SLACK_MS);
    const times = toPaced.map(receivedMs).sort((a, b) => a - b);

    expect(toPaced).toHaveLength(DOMAIN_LIMIT + 2);
    expect(times[DOMAIN_LIMIT - 1]! - sentAt).toBeLessThanOrEqual(SLACK_MS);
    expect(times[DOMAIN_LIMIT]! - times[0]!).toBeGreaterThanOrEqual(DOMAIN_WINDOW_MS - 1000);
    expect(times.at(-1)! - sentAt).toBeLessThanOrEqual(DOMAIN_WINDOW_MS + SLACK_MS);
  }, 60_000);

  it("refuses only a client's own excess: 429 with Retry-After and a ServiceStack body, strangers counted alike, other clients untouched", async () => {
    const stranger = () => ({ Email: `nobody-${randomUUID().slice(0, 8)}@example.com`, CustomerBrandName: 'AquaGuard' });
    const statuses: number[] = [];
    for (let i = 0; i < CLIENT_LIMIT; i++) statuses.push((await resetFrom('127.0.3.1', i % 2 ? stranger() : { Email: `c${i}-${randomUUID().slice(0, 8)}@example.com` })).status);

    const refused = await resetFrom('127.0.3.1', { Email: `late-${randomUUID().slice(0, 8)}@example.com` });

    expect(statuses).toEqual(Array<number>(CLIENT_LIMIT).fill(200));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(JSON.parse(refused.body)).toEqual({
      ResponseStatus: { ErrorCode: 'TooManyRequests', Message: `Too many reset requests. Try again in ${retryAfter} seconds.`, Errors: [] },
    });
    expect((await resetFrom('127.0.3.2', { Email: `other-${randomUUID().slice(0, 8)}@example.com` })).status).toBe(200);

    // The refusal in XML, as .NET's DataContractSerializer (a ServiceStack XmlServiceClient) reads it.
    const xmlBody = `<ResetCustomerPasswordRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Email>x-${randomUUID().slice(0, 8)}@example.com</Email></ResetCustomerPasswordRequest>`;
    const refusedXml = await postFrom('127.0.3.1', '/xml/reply/ResetCustomerPasswordRequest', xmlBody, { 'Content-Type': 'application/xml', Accept: 'application/xml' });
    const file = join(mkdtempSync(join(tmpdir(), 'pacing-429-')), '429.xml');
    writeFileSync(file, refusedXml.body);
    const [readBack] = dataContractSerializer.read([file]);
    expect([refusedXml.status, readBack?.Type, readBack?.ResponseStatus?.ErrorCode, readBack?.ResponseStatus?.Errors]).toEqual([429, 'ResetCustomerPasswordResponse', 'TooManyRequests', []]);
  }, 60_000);

  it("counts each request of an auto-batched request against the client's limit like a single request", async () => {
    const address = () => ({ Email: `batched-${randomUUID().slice(0, 8)}@example.com` });
    for (let i = 0; i < CLIENT_LIMIT - 4; i++) expect((await resetFrom('127.0.3.5', address())).status).toBe(200);

    const batch = await postFrom('127.0.3.5', '/json/reply/ResetCustomerPasswordRequest[]', JSON.stringify(Array.from({ length: 6 }, address)), { 'Content-Type': 'application/json' });

    // Four fit in what the client had left; the fifth is its own excess, answered as ServiceStack answers a batch's first failure.
    expect(batch.status).toBe(429);
    expect(batch.batchCompleted).toBe('4');
    expect(JSON.parse(batch.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'TooManyRequests', Meta: { AutoBatchIndex: '4' } } });
  }, 60_000);

  it('IPv6: one /64 is one client, whichever of its addresses a request comes from', async () => {
    // The API listens on IPv4 loopback only: the events go to the reset function through serverless
    // offline's Lambda endpoint, as API Gateway would hand them, with IPv6 source addresses.
    const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    const invoke = async (sourceIp: string) => {
      const base = apiGatewayEvent();
      const event = {
        ...base,
        body: JSON.stringify({ Email: `v6-${randomUUID().slice(0, 8)}@example.com`, CustomerBrandName: 'AquaGuard' }),
        headers: { 'Content-Type': 'application/json' },
        requestContext: { ...base.requestContext, identity: { ...base.requestContext.identity, sourceIp } },
      };
      const response = await fetch(`http://127.0.0.1:${ports.LAMBDA_PORT}/2015-03-31/functions/reset-customer-password-dev-resetCustomerPassword/invocations`, {
        method: 'POST',
        body: JSON.stringify(event),
      });
      return ((await response.json()) as { statusCode: number }).statusCode;
    };

    const statuses: number[] = [];
    for (let i = 1; i <= CLIENT_LIMIT + 2; i++) statuses.push(await invoke(`${network}:${i.toString(16)}:0:0:${i}`));

    expect(statuses).toEqual([...Array<number>(CLIENT_LIMIT).fill(200), 429, 429]);
    expect(await invoke(`2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:2::1`)).toBe(200);
  }, 30_000);
});
