import { spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { json, xml, type Scenario } from './scenarios';
import { endToEndPorts, outDir, root, runs, timeouts } from './settings';
import { percentile } from './stats';
import { ms, type Row } from './table';

const SECTION = '4 End to end';

// The launcher `npm start` and the integration tests use, so the bench drives the same stack.
const { startLocalStack } = createRequire(__filename)(join(root, 'scripts/local-stack.js')) as {
  startLocalStack(options: { env: NodeJS.ProcessEnv; stdio: unknown }): ChildProcess;
};

const apiUrl = `http://127.0.0.1:${endToEndPorts.API_PORT}`;
const sesUrl = `http://127.0.0.1:${endToEndPorts.SES_PORT}`;
const logFile = join(outDir, 'local-stack.log');

async function isReady(): Promise<boolean> {
  try {
    const [api, ses] = await Promise.all([fetch(`${apiUrl}${json.path}`, { method: 'OPTIONS' }), fetch(`${sesUrl}/health-check`)]);
    return api.status === 200 && ses.status === 200;
  } catch {
    return false;
  }
}

/** `serverless offline` with DynamoDB Local and local SES, logging to a file (a pipe nobody drains would block it). */
async function startStack(): Promise<ChildProcess> {
  if (spawnSync('java', ['-version']).status !== 0) throw new Error('Java is required for DynamoDB Local: install a JRE 17 or newer');
  const log = openSync(logFile, 'w');
  const stack = startLocalStack({ env: { ...process.env, ...endToEndPorts }, stdio: ['ignore', log, log] });
  closeSync(log);
  const deadline = Date.now() + timeouts.stackReadyMs;
  while (!(await isReady())) {
    if (stack.exitCode !== null || Date.now() > deadline) {
      await stopStack(stack);
      throw new Error(`The local stack did not start; the end of its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return stack;
}

/** SIGINT to serverless itself, which stops DynamoDB Local's Java process too; SIGKILL if it hangs. */
async function stopStack(stack: ChildProcess): Promise<void> {
  if (stack.exitCode !== null || stack.signalCode !== null) return;
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  stack.kill('SIGINT');
  const timer = setTimeout(() => stack.kill('SIGKILL'), timeouts.stackStopMs);
  await exited;
  clearTimeout(timer);
}

async function send(scenario: Scenario): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${apiUrl}${scenario.path}`, {
    method: 'POST',
    headers: scenario.headers,
    body: scenario.body,
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.label} request answered ${response.status}: ${body}`);
  return performance.now() - start;
}

/** `total` requests, JSON and XML alternating, from `concurrency` clients: each latency, and the elapsed time. */
async function load(total: number, concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const client = async () => {
    while (next < total) latencies.push(await send(next++ % 2 === 0 ? json : xml));
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

/** Through API Gateway emulation, the Lambda emulation, DynamoDB Local and local SES, for reference. */
export async function endToEndRows(): Promise<Row[]> {
  const stack = await startStack();
  try {
    // Offline runs concurrent invocations in separate workers: warm each of them first.
    await load(runs.endToEndWarmup, runs.endToEndConcurrency);
    const { latencies, seconds } = await load(runs.endToEndRequests, runs.endToEndConcurrency);
    const how = `${runs.endToEndRequests} requests, ${runs.endToEndConcurrency} concurrent, JSON and XML alternating`;
    return [
      { section: SECTION, measure: `p50 / p99 latency (${how})`, figure: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}` },
      { section: SECTION, measure: 'throughput', figure: `${(runs.endToEndRequests / seconds).toFixed(0)} requests/s` },
    ];
  } finally {
    await stopStack(stack);
  }
}
