import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { testPortsMovedBy } from './support/stack';

/**
 * `npm start` as a person or a process manager runs it, on ports of its own: it prints a short
 * summary of where everything is, and a signal to the npm process stops everything it started (serverless offline, DynamoDB Local's Java, the SES server,
 * the portal) within seconds, and a start whose ports are taken says which and exits non-zero.
 */
const root = join(__dirname, '../..');
/** The test stack's ports moved up by 60, so this file's own `npm start` runs beside the shared stack. */
const ports = testPortsMovedBy(60);
const logFile = join(root, '.test-output/stop-stack.log');
const STOPPED_WITHIN_MS = 10_000;
const START_TIMEOUT_MS = 120_000;

let npm: ChildProcess | undefined;
/** What the test saw running, so a failure can clean up even processes npm left orphaned. */
let started: number[] = [];

function startNpm(): ChildProcess {
  mkdirSync(join(root, '.test-output'), { recursive: true });
  const log = openSync(logFile, 'w');
  // Its own esbuild folder: serverless-esbuild clears its folder on exit, under the main test stack otherwise.
  const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, ...ports, ESBUILD_WORK_FOLDER: '.esbuild/stop' }, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

/** Every process below `pid` (children, grandchildren, ...), from the process table. */
function descendantsOf(pid: number): number[] {
  const table = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).stdout.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    frontier = table.filter(([, ppid]) => frontier.includes(ppid!)).map(([child]) => child!);
    found.push(...frontier);
  }
  return found;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    // A zombie is gone for every purpose here: it holds no port and runs nothing.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

function isPortFree(port: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port: Number(port), exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

async function portsInUse(): Promise<string[]> {
  const inUse: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await isPortFree(port))) inUse.push(`${name}=${port}`);
  return inUse;
}

async function waitUntilReady(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const [api, portal] = await Promise.all([
        fetch(`http://127.0.0.1:${ports.API_PORT}/ResetCustomerPassword`, { method: 'OPTIONS' }),
        fetch(`http://127.0.0.1:${ports.PORTAL_PORT}/`),
      ]);
      if (api.status === 200 && portal.status === 200) return;
    } catch {
      // Not yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Polls until `done` holds or the time is up; returns how long it took, or Infinity. */
async function within(ms: number, done: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await done()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Infinity;
}

afterEach(() => {
  // Whatever a failed test left behind.
  const left = new Set([...started, ...(npm?.pid ? [npm.pid, ...descendantsOf(npm.pid)] : [])]);
  for (const pid of left) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  npm = undefined;
  started = [];
});

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops everything it started (serverless, Java, SES, portal) within seconds of %s to the npm process, leaving every port free',
    async (signal) => {
      npm = startNpm();
      await waitUntilReady(npm);
      started = [npm.pid!, ...descendantsOf(npm.pid!)];
      // It says where everything is in a few lines of its own, without serverless offline's route table.
      await within(10_000, async () => readFileSync(logFile, 'utf8').includes('Ready. Ctrl+C stops everything.'));
      const output = readFileSync(logFile, 'utf8');
      // (Lines after these are the stack's own request lines, the readiness probe's among them.)
      expect(output.slice(output.indexOf('Ready.')).trim().split('\n').slice(0, 5)).toEqual([
        'Ready. Ctrl+C stops everything.',
        `  portal  http://localhost:${ports.PORTAL_PORT}/`,
        `  inbox   http://127.0.0.1:${ports.SES_PORT}/  (as JSON: GET /store)`,
        `  API     http://127.0.0.1:${ports.API_PORT}/  (metadata: /metadata)`,
        `  DynamoDB http://127.0.0.1:${ports.DYNAMODB_PORT}  (DynamoDB Local, in memory)`,
      ]);
      expect(output).not.toContain('/2015-03-31/functions/');
      expect(output).not.toMatch(/[┌│└]/);
      const commands = spawnSync('ps', ['-o', 'args=', '-p', started.join(',')], { encoding: 'utf8' }).stdout;
      expect(commands).toMatch(/java .*DynamoDBLocal\.jar/);
      expect(commands).toMatch(/serverless\.js offline start/);
      expect(commands).toMatch(/portal-main\.js/);

      npm.kill(signal);
      const tookMs = await within(STOPPED_WITHIN_MS, async () => started.every((pid) => !isAlive(pid)) && (await portsInUse()).length === 0);
      expect({ left: started.filter(isAlive), portsInUse: await portsInUse() }).toEqual({ left: [], portsInUse: [] });
      expect(tookMs).toBeLessThan(STOPPED_WITHIN_MS);
    },
    START_TIMEOUT_MS + 30_000,
  );

  it('refuses to start when a port is taken, naming it, and starts nothing', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(ports.DYNAMODB_PORT), '127.0.0.1', resolve));
    try {
      npm = startNpm();
      const code = await new Promise<number | null>((resolve) => npm!.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(readFileSync(logFile, 'utf8')).toContain(`Ports already in use: DYNAMODB_PORT=${ports.DYNAMODB_PORT}`);
      expect(await portsInUse()).toEqual([`DYNAMODB_PORT=${ports.DYNAMODB_PORT}`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);
});
