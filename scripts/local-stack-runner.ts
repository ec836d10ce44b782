import { spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
/** The project's root: the nearest folder up with a package.json (this file also runs bundled, from bench/.out). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

const root = projectRoot(__dirname);
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

// The launcher `npm start` uses, so the tests, the bench and the load test drive the same stack.
const { startLocalStack } = createRequire(__filename)(join(root, 'scripts/local-stack.js')) as {
  startLocalStack(options: { env: NodeJS.ProcessEnv; stdio: unknown }): ChildProcess;
};

/** Ports of one local stack (API, Lambda, DynamoDB Local, SES), apart from `npm start`'s and the tests'. */
export interface StackPorts {
  readonly API_PORT: string;
  readonly LAMBDA_PORT: string;
  readonly DYNAMODB_PORT: string;
  readonly SES_PORT: string;
}

export interface RunningStack {
  readonly apiUrl: string;
  readonly sesUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `serverless offline` with DynamoDB Local and local SES, logging to `logFile` (a pipe nobody
 * drains would block it), and resolves once the API and the SES server answer. `env` adds settings
 * such as RATE_LIMITS, or DYNAMODB_ENDPOINT / SES_ENDPOINT to put a proxy in front of the emulators.
 */
export async function startStack(ports: StackPorts, logFile: string, env: NodeJS.ProcessEnv = {}): Promise<RunningStack> {
  if (spawnSync('java', ['-version']).status !== 0) throw new Error('Java is required for DynamoDB Local: install a JRE 17 or newer');
  const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
  const sesUrl = `http://127.0.0.1:${ports.SES_PORT}`;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const child = startLocalStack({ env: { ...process.env, ...ports, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const stack = { apiUrl, sesUrl, stop: () => stopStack(child) };

  const isReady = async (): Promise<boolean> => {
    try {
      const [api, ses] = await Promise.all([fetch(`${apiUrl}/ResetCustomerPassword`, { method: 'OPTIONS' }), fetch(`${sesUrl}/health-check`)]);
      return api.status === 200 && ses.status === 200;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stack.stop();
      throw new Error(`The local stack did not start; the end of its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return stack;
}

/** SIGINT to serverless itself, which stops DynamoDB Local's Java process too; SIGKILL if it hangs. */
async function stopStack(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  timer.unref();
  await exited;
  clearTimeout(timer);
}
