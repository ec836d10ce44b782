'use strict';
// Starts the whole local stack (API + Lambda, DynamoDB Local, local SES) as one `serverless offline
// start` process, with the environment it needs: dummy credentials (nothing reaches AWS) and the SDK's
// standard endpoint variables pointing at the local emulators. Used by `npm start` and by the
// integration tests, so both run the same stack.
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const path = require('node:path');

/** Ports, each overridable by the variable of the same name. */
function localPorts(env = process.env) {
  return {
    API_PORT: env.API_PORT || '3000',
    LAMBDA_PORT: env.LAMBDA_PORT || '3002',
    DYNAMODB_PORT: env.DYNAMODB_PORT || '8000',
    SES_PORT: env.SES_PORT || '8005',
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
  };
}

/** Spawns the stack; the caller owns the child (send it SIGINT to stop everything it started). */
function startLocalStack({ env = process.env, stdio = 'inherit' } = {}) {
  const cli = require.resolve('osls/bin/serverless.js');
  // No API key locally: the portal's back end on a laptop has none. RATE_LIMITS lets demos and
  // tests choose their own limits, each scope named replacing the default's (docs/configuration.md).
  // The customer-id key is a fresh random one per start unless CUSTOMER_ID_KEY is given (the tests
  // give one, to find the items they look for).
  const customerIdKey = env.CUSTOMER_ID_KEY || randomBytes(32).toString('base64url');
  const params = ['--param', 'requireApiKey=false', '--param', `customerIdKey=${customerIdKey}`];
  if (env.RATE_LIMITS) params.push('--param', `rateLimits=${env.RATE_LIMITS}`);
  return spawn(process.execPath, [cli, 'offline', 'start', '--stage', 'dev', ...params], {
    cwd: path.resolve(__dirname, '..'),
    env: localEnvironment(env),
    stdio,
  });
}

module.exports = { startLocalStack };

if (require.main === module) {
  const child = startLocalStack();
  // Forward Ctrl+C and termination to serverless itself, which stops DynamoDB Local and SES cleanly.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
}
