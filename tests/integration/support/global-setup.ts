import { startStack, type RunningStack } from '../../../scripts/local-stack-runner';
import { rmSync } from 'node:fs';
import { logFile, senderFailuresFile, testPorts, testStackSettings } from './stack';

/** Starts `serverless offline` with DynamoDB Local and local SES once for the whole integration run. */
export default async function globalSetup(): Promise<void> {
  rmSync(senderFailuresFile, { force: true });
  (globalThis as { localStack?: RunningStack }).localStack = await startStack(testPorts, logFile, testStackSettings(senderFailuresFile));
}
