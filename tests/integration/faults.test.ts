import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { startStack, type RunningStack } from '../../scripts/local-stack-runner';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { testPortsMovedBy, testResponseTimeSetting } from './support/stack';
import { allItems } from './support/table';

/**
 * A second local stack whose functions reach DynamoDB Local and local SES through a fault-injecting
 * proxy, with the production rate limits (one email a minute per customer): so a failure of ours
 * that used up the customer's minute would show as a 429 on the retry.
 */
const ports = testPortsMovedBy(50);

let stack: RunningStack;
let proxy: FaultProxy;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  proxy = await startFaultProxy(`http://127.0.0.1:${ports.DYNAMODB_PORT}`, `http://127.0.0.1:${ports.SES_PORT}`);
  stack = await startStack(ports, join(__dirname, '../../.test-output/fault-stack.log'), {
    RATE_LIMITS: 'customer:1/60,customer:5/3600,ip:1000/300',
    RESET_RESPONSE_TIME_MS: testResponseTimeSetting,
    DYNAMODB_ENDPOINT: proxy.url,
    SES_ENDPOINT: proxy.url,
    // Its own build folder: serverless-esbuild clears its folder on exit, which would pull the
    // bundles from under the main test stack.
    ESBUILD_WORK_FOLDER: '.esbuild/faults',
  });
  dynamodb = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}, 150_000);

afterAll(async () => {
  dynamodb?.destroy();
  await stack?.stop();
  await proxy?.close();
}, 30_000);

beforeEach(() => {
  proxy.mode = 'pass';
});

const reset = (email: string) =>
  fetch(`${stack.apiUrl}/ResetCustomerPassword`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Email: email }) });
const aquaGuard = (email: string, accept = 'application/json') =>
  fetch(`${stack.apiUrl}/ResetCustomerPassword`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify({ Email: email, CustomerBrandName: 'AquaGuard' }),
  });
const inboxCount = async (email: string) =>
  ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> }).emails.filter((m) => m.destination.to.includes(email)).length;

describe('faults (through a fault-injecting proxy)', () => {
  it('answers throttled SES with a clean 503 and Retry-After, and lets the customer retry at once', async () => {
    const email = `fault-ses-${Date.now()}@example.com`;
    proxy.mode = 'ses-throttled';

    const failed = await reset(email);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(await failed.json()).toEqual({
      ResponseStatus: { ErrorCode: 'ServiceUnavailable', Message: 'The service is temporarily unavailable. Please try again shortly.', Errors: [] },
    });

    proxy.mode = 'pass';
    const retried = await reset(email);
    expect(retried.status).toBe(200);
    expect(await inboxCount(email)).toBe(1);
  });

  it('answers SES failing for good with one generic 500, the same bytes for a customer and a stranger of a directory brand', async () => {
    // Before the test that sends Jane an email: failed sends give her minute back, a sent one does not.
    const customer = 'jane.doe@example.com'; // in AquaGuard's customer table (local/customers.json)
    const stranger = `fault-paused-stranger-${Date.now()}@example.com`;
    proxy.mode = 'ses-paused';

    for (const accept of ['application/json', 'application/xml']) {
      const [customerFailed, strangerFailed] = [await aquaGuard(customer, accept), await aquaGuard(stranger, accept)];
      expect([customerFailed.status, strangerFailed.status]).toEqual([500, 500]);
      const body = await customerFailed.text();
      expect(await strangerFailed.text()).toBe(body);
      expect(body).not.toMatch(/AccountSendingPaused|"Error"|>Error</);
    }
    const failed = await aquaGuard(customer);
    expect(await failed.json()).toEqual({ ResponseStatus: expect.objectContaining({ ErrorCode: 'Exception', Message: 'An unexpected error occurred' }) });
  });

  it('answers a stranger of a directory brand with the 503 customers get while SES fails, and a 200 once it is back', async () => {
    const customer = 'jane.doe@example.com'; // in AquaGuard's customer table (local/customers.json)
    const stranger = `fault-stranger-${Date.now()}@example.com`;
    proxy.mode = 'ses-throttled';

    const [customerFailed, strangerFailed] = [await aquaGuard(customer), await aquaGuard(stranger)];
    expect([customerFailed.status, strangerFailed.status]).toEqual([503, 503]);
    expect(strangerFailed.headers.get('retry-after')).toBe(customerFailed.headers.get('retry-after'));
    expect(await strangerFailed.text()).toBe(await customerFailed.text());

    proxy.mode = 'pass';
    const [customerBack, strangerBack] = [await aquaGuard(customer), await aquaGuard(stranger)];
    expect([customerBack.status, strangerBack.status]).toEqual([200, 200]);
    expect([await inboxCount(customer), await inboxCount(stranger)]).toEqual([1, 0]);
  });

  it('answers DynamoDB being down with a clean 503, writing and sending nothing', async () => {
    const email = `fault-dynamodb-${Date.now()}@example.com`;
    const itemsBefore = (await allItems(dynamodb)).length;
    proxy.mode = 'dynamodb-unavailable';

    const failed = await reset(email);

    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ ResponseStatus: { ErrorCode: 'ServiceUnavailable' } });
    expect(failed.headers.get('access-control-allow-origin')).toBe('*');
    proxy.mode = 'pass';
    expect((await allItems(dynamodb)).length).toBe(itemsBefore);
    expect(await inboxCount(email)).toBe(0);
    expect((await reset(email)).status).toBe(200);
  });
});
