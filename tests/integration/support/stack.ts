import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { portsFromEnvironment, type StackPorts } from '../../../scripts/local-stack-runner';

/**
 * Where the integration tests find the local stack. Its ports differ from `npm start`'s defaults so
 * the suite can run while a developer's own stack is up; each can be overridden by environment.
 */
export const testPorts = portsFromEnvironment('TEST_', { API_PORT: '3100', LAMBDA_PORT: '3102', DYNAMODB_PORT: '8100', SES_PORT: '8105', PORTAL_PORT: '8108' });

/** The test stack's ports, each moved by `offset`: where a suite starts a second stack of its own beside it. */
export function testPortsMovedBy(offset: number): StackPorts {
  const move = (port: string): string => String(Number(port) + offset);
  const { API_PORT, LAMBDA_PORT, DYNAMODB_PORT, SES_PORT, PORTAL_PORT } = testPorts;
  return { API_PORT: move(API_PORT), LAMBDA_PORT: move(LAMBDA_PORT), DYNAMODB_PORT: move(DYNAMODB_PORT), SES_PORT: move(SES_PORT), PORTAL_PORT: move(PORTAL_PORT) };
}

/** A client of the DynamoDB Local listening on `port`, with the local stack's dummy credentials. */
export const dynamoDbClientOn = (port: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * Limits for the test stack: every test runs from 127.0.0.1 and mails example.com, so the IP, domain
 * and stage budgets are out of the way; three emails a minute per customer mailbox leaves room for the
 * tests that ask twice, and tests of their own run into it (and race three requests through it).
 */
export const testRateLimits = 'customer:3/60,customer:100/3600,ip:100000/300,domain:100000/3600,global:100000/3600';

/** The test stack's customer-id key (a test value, not a secret): the tests find items by customer id. */
export const testCustomerIdKey = 'integration-tests-customer-id-key-not-a-secret';

/** The test stack's address key (a test value, not a secret): the tests open the items' sealed addresses. */
export const testAddressKey = 'integration-tests-address-key-not-a-secret-0123';

/**
 * The test stack's settings besides its ports: its limits and keys, and the stream poller's first
 * wait before a retry shortened from 100 ms, so the tests that make the sender fail finish sooner.
 */
export const testStackSettings = (failuresFile: string): NodeJS.ProcessEnv => ({
  RATE_LIMITS: testRateLimits,
  CUSTOMER_ID_KEY: testCustomerIdKey,
  ADDRESS_KEY: testAddressKey,
  STREAM_RETRY_BASE_MS: '20',
  SENDER_FAILURES_FILE: failuresFile,
});

/** Where the test stack's poller appends the sender's on-failure records. */
export const senderFailuresFile = join(__dirname, '../../../.test-output/sender-failures.jsonl');

/** Everything the local stack prints, the functions' log lines included. */
export const logFile = join(__dirname, '../../../.test-output/local-stack.log');

export const apiUrl = `http://127.0.0.1:${testPorts.API_PORT}`;
export const sesUrl = `http://127.0.0.1:${testPorts.SES_PORT}`;
/** The local portal, as the reset links name it. */
export const portalUrl = `http://localhost:${testPorts.PORTAL_PORT}`;
export const tableName = 'reset-customer-password-dev';
export const customerTableName = 'reset-customer-password-dev-customers';

export const dynamodb = dynamoDbClientOn(testPorts.DYNAMODB_PORT);
