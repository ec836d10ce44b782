import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenKey } from '../../lib/adapters/dynamodb-token-store';
import { mailboxOf } from '../../lib/reset/mailbox';
import { customerIdsUnder } from '../../lib/reset/token';
import { startStack, type RunningStack } from '../../scripts/local-stack-runner';
import { postJson, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { revoke } from './support/reset';
import { dynamodb, tableName, testCustomerIdKey, testPorts, testPortsMovedBy, testStackSettings } from './support/stack';

/**
 * A second stack whose functions share the test stack's table, as another instance of the service
 * would, but were given another customer-id key under the same CUSTOMER_ID_KEY_VERSION (1): a key
 * changed without its version. Each would key one mailbox to another item, so both could hold a live
 * link for it; the second must refuse to run instead.
 */
const ports = testPortsMovedBy(60);
const otherKey = 'integration-tests-another-customer-id-key-not-a-secret';
const logFile = join(__dirname, '../../.test-output/key-version-stack.log');
const failuresFile = join(__dirname, '../../.test-output/key-version-sender-failures.jsonl');

let stack: RunningStack;

beforeAll(async () => {
  // The test stack uses its key first, so key version 1 is its key's (any of its reset or revoke
  // requests records it; this one makes sure, whatever test files ran before).
  expect((await revoke(uniqueEmail('key-first'))).status).toBe(200);
  stack = await startStack(ports, logFile, {
    ...testStackSettings(failuresFile),
    CUSTOMER_ID_KEY: otherKey,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${testPorts.DYNAMODB_PORT}`,
    // Its own build folder: serverless-esbuild clears its folder on exit, which would pull the
    // bundles from under the main test stack.
    ESBUILD_WORK_FOLDER: '.esbuild/key-version',
  });
}, 150_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

const post = (path: string, dto: Record<string, string>) =>
  fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(dto) });

async function hasTokenItem(key: string, email: string): Promise<boolean> {
  const pk = tokenKey(customerIdsUnder(key)('pumpalarm', mailboxOf(email)));
  return (await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item !== undefined;
}

describe('a customer-id key changed without its version', () => {
  it('is refused at its first use, by reset and revoke alike, with a configuration error naming CUSTOMER_ID_KEY_VERSION in the log', async () => {
    const email = uniqueEmail('key-changed');

    const reset = await post('/ResetCustomerPassword', { Email: email });
    const revoked = await post('/RevokeCustomerPasswordResetTokens', { Email: email });

    for (const response of [reset, revoked]) {
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ ResponseStatus: { ErrorCode: 'Exception', Message: 'An unexpected error occurred', Errors: [] } });
    }
    // Nothing written or sent under the other key.
    expect(await hasTokenItem(otherKey, email)).toBe(false);
    const inbox = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> };
    expect(inbox.emails.filter((m) => m.destination.to.includes(email))).toEqual([]);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('The customer-id key is not the one first used under CUSTOMER_ID_KEY_VERSION 1');
    expect(log).toContain('ConfigError');
    expect(log).not.toContain(otherKey);
  });

  it('leaves the stack with the first key serving: one live link for the mailbox, under its key', async () => {
    const email = uniqueEmail('key-kept');
    await post('/ResetCustomerPassword', { Email: email });

    const response = await postJson('/ResetCustomerPassword', { Email: email });

    expect(response.status).toBe(200);
    expect(await emailsTo(email)).toHaveLength(1);
    expect([await hasTokenItem(testCustomerIdKey, email), await hasTokenItem(otherKey, email)]).toEqual([true, false]);
  });
});
