import { join } from 'node:path';
import { startStack } from '../scripts/local-stack-runner';
import { json, xml, type Scenario } from './scenarios';
import { endToEndPorts, outDir, runs, UNLIMITED, UNPADDED } from './settings';
import { percentile } from './stats';
import { ms, type Row } from './table';

const SECTION = '4 End to end';

const logFile = join(outDir, 'local-stack.log');

async function send(apiUrl: string, scenario: Scenario): Promise<number> {
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
async function load(apiUrl: string, total: number, concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const client = async () => {
    while (next < total) latencies.push(await send(apiUrl, next++ % 2 === 0 ? json : xml));
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

/** Through API Gateway emulation, the Lambda emulation, DynamoDB Local and local SES, for reference. */
export async function endToEndRows(): Promise<Row[]> {
  const stack = await startStack(endToEndPorts, logFile, { RATE_LIMITS: UNLIMITED, ...UNPADDED });
  try {
    // Offline runs concurrent invocations in separate workers: warm each of them first.
    await load(stack.apiUrl, runs.endToEndWarmup, runs.endToEndConcurrency);
    const { latencies, seconds } = await load(stack.apiUrl, runs.endToEndRequests, runs.endToEndConcurrency);
    const how = `${runs.endToEndRequests} requests, ${runs.endToEndConcurrency} concurrent, JSON and XML alternating`;
    return [
      { section: SECTION, measure: `p50 / p99 latency (${how})`, figure: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}` },
      { section: SECTION, measure: 'throughput', figure: `${(runs.endToEndRequests / seconds).toFixed(0)} requests/s` },
    ];
  } finally {
    await stack.stop();
  }
}
