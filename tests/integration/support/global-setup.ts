import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiUrl, logFile, sesUrl, testPorts, testRateLimits } from './stack';

// Plain CommonJS module shared with `npm start`, so tests run exactly the stack developers run.
const { startLocalStack } = require('../../../scripts/local-stack.js') as {
  startLocalStack(options: { env: NodeJS.ProcessEnv; stdio: unknown }): ChildProcess;
};

const READY_TIMEOUT_MS = 120_000;

async function isReady(): Promise<boolean> {
  try {
    const [api, ses] = await Promise.all([
      fetch(`${apiUrl}/ResetCustomerPassword`, { method: 'OPTIONS' }),
      fetch(`${sesUrl}/health-check`),
    ]);
    return api.status === 200 && ses.status === 200;
  } catch {
    return false;
  }
}

/** Starts `serverless offline` with DynamoDB Local and local SES once for the whole integration run. */
export default async function globalSetup(): Promise<void> {
  if (spawnSync('java', ['-version']).status !== 0) throw new Error('Java is required for DynamoDB Local: install a JRE 17 or newer');
  mkdirSync(join(logFile, '..'), { recursive: true });
  // A file, not a pipe: a pipe nobody drains would block the stack once its buffer fills.
  const log = openSync(logFile, 'w');
  const stack = startLocalStack({ env: { ...process.env, ...testPorts, RATE_LIMITS: testRateLimits }, stdio: ['ignore', log, log] });
  (globalThis as { localStack?: ChildProcess }).localStack = stack;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady())) {
    if (stack.exitCode !== null || Date.now() > deadline) {
      stack.kill('SIGINT');
      throw new Error(`The local stack did not start; its log (${logFile}):\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
