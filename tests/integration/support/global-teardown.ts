import type { RunningStack } from '../../../scripts/local-stack-runner';

/** Stops the stack the global setup started (serverless itself, so DynamoDB Local's Java process goes too). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { localStack?: RunningStack }).localStack?.stop();
}
