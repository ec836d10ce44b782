import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type RunningStack } from '../../scripts/local-stack-runner';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { dynamoDbClientOn, tableName, testPortsMovedBy, testStackSettings } from './support/stack';
import { addCustomer, allItems, outboxDrained } from './support/table';

/**
 * A second local stack whose functions reach DynamoDB Local and local SES through a fault-injecting
 * proxy (the stream poller reads the stream directly, as Lambda's mapping does on AWS), with two
 * requests a minute per customer mailbox: a failure of ours that used up one would show as a 429 on
 * the second retry.
 */
const ports = testPortsMovedBy(50);
const failuresFile = join(__dirname, '../../.test-output/fault-sender-failures.jsonl');

let stack: RunningStack;
let proxy: FaultProxy;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  rmSync(failuresFile, { force: true });
  proxy = await startFaultProxy(`http://127.0.0.1:${ports.DYNAMODB_PORT}`, `http://127.0.0.1:${ports.SES_PORT}`);
  stack = await startStack(ports, join(__dirname, '../../.test-output/fault-stack.log'), {
    ...testStackSettings(failuresFile),
    RATE_LIMITS: 'customer:2/60,customer:5/3600,ip:1000/300',
    DYNAMODB_ENDPOINT: proxy.url,
    SES_ENDPOINT: proxy.url,
    // Its own build folder: serverless-esbuild clears its folder on exit, which would pull the
    // bundles from under the main test stack.
    ESBUILD_WORK_FOLDER: '.esbuild/faults',
  });
  dynamodb = dynamoDbClientOn(ports.DYNAMODB_PORT);
}, 150_000);

afterAll(async () => {
  dynamodb?.destroy();
  await stack?.stop();
  await proxy?.close();
}, 30_000);

beforeEach(() => {
  proxy.mode = 'pass';
});

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

const post = async (body: unknown, accept = 'application/json'): Promise<Answer> => {
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}/ResetCustomerPassword`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), ms: performance.now() - started };
};
const reset = (email: string) => post({ Email: email });
const aquaGuard = (email: string, accept?: string) => post({ Email: email, CustomerBrandName: 'AquaGuard' }, accept);

const inbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] }; body: { text: string } }> }).emails;
const inboxCount = async (email: string) => (await inbox()).filter((m) => m.destination.to.includes(email)).length;
const tokenIn = async (email: string) => /token=([\w.-]+)/.exec((await inbox()).find((m) => m.destination.to.includes(email))!.body.text)![1]!;
const verify = (Token: string) =>
  fetch(`${stack.apiUrl}/VerifyCustomerPasswordResetToken`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Token }) });

/** `count` AquaGuard customers (in its directory) and as many strangers, each address new. */
async function people(label: string, count: number) {
  const id = randomUUID().slice(0, 8);
  const customers = Array.from({ length: count }, (_, i) => `${label}-customer-${i}-${id}@example.com`);
  const strangers = Array.from({ length: count }, (_, i) => `${label}-stranger-${i}-${id}@example.com`);
  for (const email of customers) await addCustomerAt(email);
  return { customers, strangers };
}
const addCustomerAt = (email: string) => addCustomer('AquaGuard', email, dynamodb);

/** A burst of resets during an SES fault, answered at once; then SES comes back and every customer gets one live link. */
async function burstThrough(mode: FaultProxy['mode'], label: string) {
  const { customers, strangers } = await people(label, 4);
  // Warm instances, so the answers' times are the request path's and not serverless offline's cold starts.
  await Promise.all(Array.from({ length: 8 }, (_, i) => reset(`warm-${label}-${i}-${randomUUID().slice(0, 8)}@example.com`)));
  await outboxDrained(dynamodb);
  proxy.mode = mode;
  const answers = await Promise.all([...customers, ...strangers].map((email) => aquaGuard(email)));
  const [customerAnswers, strangerAnswers] = [answers.slice(0, 4), answers.slice(4)];

  // Everyone is answered 200 {}, customers and strangers byte for byte alike, while SES still fails.
  expect(new Set(answers.map((a) => `${a.status} ${a.body}`))).toEqual(new Set(['200 {}']));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await inboxCount(customers[0]!)).toBe(0);

  proxy.mode = 'pass';
  await outboxDrained(dynamodb, 60_000);
  for (const email of customers) {
    expect(await inboxCount(email)).toBe(1);
    expect((await verify(await tokenIn(email))).status).toBe(200);
  }
  for (const email of strangers) expect(await inboxCount(email)).toBe(0);
  return { customerAnswers, strangerAnswers };
}

describe('faults (through a fault-injecting proxy)', () => {
  it('answers a burst of resets at once while SES is throttled; after it recovers every customer mailbox gets exactly one email, with a live link', async () => {
    await burstThrough('ses-throttled', 'throttled');
  }, 90_000);

  it('answers a burst at once while SES has paused sending; the emails go out when sending resumes', async () => {
    await burstThrough('ses-paused', 'paused');
  }, 90_000);

  it('answers a burst at once while SES hangs, customers and strangers alike in timing; the emails go out when SES answers again', async () => {
    const { customerAnswers, strangerAnswers } = await burstThrough('ses-hanging', 'hanging');
    const slowest = (answers: readonly Answer[]) => Math.max(...answers.map((a) => a.ms));
    // No answer waited on SES: a call to it would have held a request for the client's two tries of
    // 2 s. And both groups did the same work (one write), so neither stands out.
    expect(Math.max(slowest(customerAnswers), slowest(strangerAnswers))).toBeLessThan(4_000);
    expect(Math.abs(slowest(customerAnswers) - slowest(strangerAnswers))).toBeLessThan(1_000);
  }, 90_000);

  it('sends a mailbox one email for the requests it made while SES failed, carrying the newest link', async () => {
    const email = `coalesced-${randomUUID().slice(0, 8)}@example.com`;
    proxy.mode = 'ses-throttled';
    expect((await reset(email)).status).toBe(200);
    expect((await reset(email.replace('@', '+again@'))).status).toBe(200);

    proxy.mode = 'pass';
    await outboxDrained(dynamodb, 60_000);
    const emails = (await inbox()).filter((m) => m.destination.to.some((to) => to.startsWith(email.split('@')[0]!)));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual([email.replace('@', '+again@')]);
    expect((await verify(await tokenIn(email.replace('@', '+again@')))).status).toBe(200);
  }, 90_000);

  it('answers the same bytes to a customer and a stranger while SES fails, in JSON and XML', async () => {
    const { customers, strangers } = await people('bytes', 2);
    proxy.mode = 'ses-paused';
    for (const [i, accept] of ['application/json', 'application/xml'].entries()) {
      const [customer, stranger] = [await aquaGuard(customers[i]!, accept), await aquaGuard(strangers[i]!, accept)];
      expect(customer.status).toBe(200);
      expect(stranger.body).toBe(customer.body);
    }
  });

  it('sends a poison record to the on-failure record after its retries, and delivers the resets queued beside it', async () => {
    const before = readFailures().length;
    // An item queued by no request of ours: its address cannot be opened, so every send of it fails.
    const pk = `token#${'P'.repeat(22)}`;
    const now = Math.floor(Date.now() / 1000);
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: pk },
          brand: { S: 'PumpAlarm' },
          address: { B: Buffer.alloc(540) },
          nonce: { S: 'n'.repeat(43) },
          tokenHash: { S: 'h'.repeat(43) },
          locale: { S: 'en' },
          createdAt: { N: String(now) },
          expiresAt: { N: String(now + 3600) },
          keyVersion: { S: '1' },
          outbox: { S: 'reset-password' },
        },
      }),
    );
    const email = `poison-neighbour-${randomUUID().slice(0, 8)}@example.com`;
    expect((await reset(email)).status).toBe(200);

    await waitFor(() => readFailures().length > before, 60_000);
    // The batch from the poison record on: the records after it in the batch were sent already, the
    // first time the batch ran (the sender reported only the poison record as failed).
    const [failure] = readFailures().slice(before);
    expect(failure).toMatchObject({ requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 }, version: '1.0' });
    await waitFor(async () => (await inboxCount(email)) === 1, 30_000);
    // Given up, it would wait on its item until TTL deletes it: end it, so later drains do not wait on it.
    await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, expiresAt: { N: String(now) } } }));
  }, 120_000);

  it('answers DynamoDB being down with a clean 503, writing and queuing nothing', async () => {
    const email = `fault-dynamodb-${Date.now()}@example.com`;
    const itemsBefore = (await allItems(dynamodb)).length;
    proxy.mode = 'dynamodb-unavailable';

    const failed = await reset(email);

    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'ServiceUnavailable' } });
    proxy.mode = 'pass';
    expect((await allItems(dynamodb)).length).toBe(itemsBefore);
    await outboxDrained(dynamodb);
    expect(await inboxCount(email)).toBe(0);
    // Our failure used up nothing: the customer's next request is mailed at once (no mailbox count
    // was taken, the client's was given back: request-password-reset.test.ts "takes back the counts").
    expect((await reset(email)).status).toBe(200);
    await outboxDrained(dynamodb);
    expect(await inboxCount(email)).toBe(1);
  });
});

/** The on-failure records the fault stack's poller wrote so far. */
function readFailures(): Array<Record<string, unknown>> {
  try {
    return readFileSync(failuresFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
