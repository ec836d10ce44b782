'use strict';
// Starts the whole local stack: one `serverless offline start` process (API + Lambda, DynamoDB
// Local, local SES) and the local portal (local/portal), with the environment they need: dummy
// credentials (nothing reaches AWS) and the SDK's standard endpoint variables pointing at the local
// emulators. Used by `npm start` and by the integration tests, so both run the same stack.
//
// Each child gets a process group of its own (detached), and stopping signals the whole group:
// serverless offline stops DynamoDB Local's Java process only on SIGINT, and a signal to serverless
// alone, or to the npm wrapper, would leave Java holding its port.
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** The dev stage's customers table (serverless.yml's custom.customerTableName). */
const CUSTOMER_TABLE_NAME = 'reset-customer-password-dev-customers';
/** How long children get to stop after SIGINT before SIGKILL. */
const STOP_GRACE_MS = 5000;

/** Ports, each overridable by the variable of the same name. */
function localPorts(env = process.env) {
  return {
    API_PORT: env.API_PORT || '3000',
    LAMBDA_PORT: env.LAMBDA_PORT || '3002',
    DYNAMODB_PORT: env.DYNAMODB_PORT || '8000',
    SES_PORT: env.SES_PORT || '8005',
    PORTAL_PORT: env.PORTAL_PORT || '8080',
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
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    // The reset links open the local portal, on whatever port it was given (lib/config.ts).
    LOCAL_PORTAL_ORIGIN: `http://localhost:${ports.PORTAL_PORT}`,
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

/** Thrown when a port the stack needs is taken; its message names them. */
class PortsTakenError extends Error {}

/** Bundles the portal (TypeScript) into a folder of its own, for plain `node` to run. */
function buildPortal() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'local-portal-'));
  const outfile = path.join(folder, 'portal.js');
  const esbuild = require('esbuild');
  esbuild.buildSync({ entryPoints: [path.join(root, 'local/portal/main.ts')], outfile, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' });
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
 * Starts the stack once its ports are free (else throws PortsTakenError naming the taken ones).
 * Resolves to `{ ports, exited, stop }`: `exited` resolves with the exit code of the first child to
 * end; `stop()` sends SIGINT to every child's process group, then SIGKILL to what is left after
 * STOP_GRACE_MS, and resolves when all are gone. `env.LOG_FORMAT=pretty` makes the functions' lines short.
 */
async function startLocalStack({ env = process.env, stdio = 'inherit' } = {}) {
  const ports = localPorts(env);
  const taken = await takenPorts(ports);
  if (taken.length) throw new PortsTakenError(`Ports already in use: ${taken.join(', ')}. Stop what listens there, or choose other ports with these variables.`);

  const cli = require.resolve('osls/bin/serverless.js');
  // No API key locally: the portal's back end on a laptop has none. RATE_LIMITS lets demos and
  // tests choose their own limits, each scope named replacing the default's (docs/configuration.md).
  // The customer-id key is a fresh random one per start unless CUSTOMER_ID_KEY is given (the tests
  // give one, to find the items they look for).
  const customerIdKey = env.CUSTOMER_ID_KEY || randomBytes(32).toString('base64url');
  const params = ['--param', 'requireApiKey=false', '--param', `customerIdKey=${customerIdKey}`];
  if (env.RATE_LIMITS) params.push('--param', `rateLimits=${env.RATE_LIMITS}`);
  const environment = localEnvironment(env);
  const portal = buildPortal();
  const children = [
    spawn(process.execPath, [cli, 'offline', 'start', '--stage', 'dev', ...params], { cwd: root, env: environment, stdio, detached: true }),
    spawn(process.execPath, [portal.outfile], {
      cwd: root,
      env: { ...environment, PORTAL_API_URL: `http://127.0.0.1:${ports.API_PORT}`, CUSTOMER_TABLE_NAME },
      stdio,
      detached: true,
    }),
  ];
  const exited = Promise.race(children.map((child) => new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)))));

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      for (const child of children) signalGroup(child.pid, 'SIGINT');
      const deadline = Date.now() + STOP_GRACE_MS;
      while (children.some((child) => isGroupAlive(child.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      for (const child of children) signalGroup(child.pid, 'SIGKILL');
      rmSync(portal.folder, { recursive: true, force: true });
    })();
    return stopping;
  };
  return { ports, exited, stop };
}

module.exports = { startLocalStack, PortsTakenError };

if (require.main === module) {
  // `npm start` is for a person: short log lines (lib/observability.ts).
  startLocalStack({ env: { LOG_FORMAT: 'pretty', ...process.env } }).then(
    (stack) => {
      const { PORTAL_PORT, SES_PORT, API_PORT } = stack.ports;
      process.stdout.write(`Local stack starting: API http://127.0.0.1:${API_PORT}, portal http://localhost:${PORTAL_PORT}, inbox http://127.0.0.1:${SES_PORT}\n`);
      let stopping = false;
      const stopWith = (exitCode) => {
        if (stopping) return;
        stopping = true;
        stack.stop().then(() => process.exit(exitCode));
      };
      // Ctrl+C, `kill` of this process, or of npm (which forwards SIGINT and SIGTERM to it).
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopWith(0));
      // A child that ends by itself (a crash) takes the rest down with it.
      stack.exited.then((exitCode) => stopWith(exitCode || 1));
    },
    (error) => {
      process.stderr.write(`${error instanceof PortsTakenError ? error.message : error.stack}\n`);
      process.exit(1);
    },
  );
}
