import { startStack, type RunningStack } from '../../../scripts/local-stack-runner';
import { logFile, testCustomerIdKey, testPorts, testRateLimits, testResponseTimeSetting } from './stack';

/** Starts `serverless offline` with DynamoDB Local and local SES once for the whole integration run. */
export default async function globalSetup(): Promise<void> {
  (globalThis as { localStack?: RunningStack }).localStack = await startStack(testPorts, logFile, {
    RATE_LIMITS: testRateLimits,
    RESET_RESPONSE_TIME_MS: testResponseTimeSetting,
    CUSTOMER_ID_KEY: testCustomerIdKey,
  });
}
