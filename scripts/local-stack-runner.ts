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

/** What scripts/local-stack.js's startLocalStack resolves to. */
interface LaunchedStack {
  readonly exited: Promise<number>;
  whenReady(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

// The launcher `npm start` uses, so the tests, the bench and the load test drive the same stack.
const { startLocalStack } = createRequire(__filename)(join(root, 'scripts/local-stack.js')) as {
  startLocalStack(options: { env: NodeJS.ProcessEnv; stdio: unknown }): Promise<LaunchedStack>;
};

/** Ports of one local stack (API, Lambda, DynamoDB Local, SES, portal), apart from `npm start`'s and the tests'. */
export interface StackPorts {
  readonly API_PORT: string;
  readonly LAMBDA_PORT: string;
  readonly DYNAMODB_PORT: string;
  readonly SES_PORT: string;
  readonly PORTAL_PORT: string;
}

/**
 * A stack's ports, each read from `<prefix><NAME>` in the environment (`TEST_API_PORT`, say) or else
 * the default given, so every suite that starts its own stack can be moved the same way.
 */
export function portsFromEnvironment(prefix: string, defaults: StackPorts, env: NodeJS.ProcessEnv = process.env): StackPorts {
  const port = (name: keyof StackPorts): string => env[`${prefix}${name}`] ?? defaults[name];
  return { API_PORT: port('API_PORT'), LAMBDA_PORT: port('LAMBDA_PORT'), DYNAMODB_PORT: port('DYNAMODB_PORT'), SES_PORT: port('SES_PORT'), PORTAL_PORT: port('PORTAL_PORT') };
}

export interface RunningStack {
  readonly apiUrl: string;
  readonly sesUrl: string;
  /** The local portal, as the reset links name it (`localhost`, not 127.0.0.1). */
  readonly portalUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `serverless offline` with DynamoDB Local and local SES, and the local portal, logging to
 * `logFile` (a pipe nobody drains would block it), and resolves once the API, the SES server and the
 * portal answer. Throws when a port is taken, naming it. `env` adds settings
 * such as RATE_LIMITS, or DYNAMODB_ENDPOINT / SES_ENDPOINT to put a proxy in front of the emulators.
 */
export async function startStack(ports: StackPorts, logFile: string, env: NodeJS.ProcessEnv = {}): Promise<RunningStack> {
  const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
  const sesUrl = `http://127.0.0.1:${ports.SES_PORT}`;
  const portalUrl = `http://localhost:${ports.PORTAL_PORT}`;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  let launched: LaunchedStack;
  try {
    launched = await startLocalStack({ env: { ...process.env, ...ports, ...env }, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  const stack = { apiUrl, sesUrl, portalUrl, stop: () => launched.stop() };
  try {
    await launched.whenReady(READY_TIMEOUT_MS);
  } catch (error) {
    await stack.stop();
    throw new Error(`The local stack did not start (${(error as Error).message}); the end of its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
  }
  return stack;
}
