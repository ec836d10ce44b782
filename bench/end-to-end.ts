import { join } from 'node:path';
import { startStack, type RunningStack } from '../scripts/local-stack-runner';
import { json, verify, xml, type Scenario } from './scenarios';
import { endToEndPorts, esbuildWorkFolders, outDir, runs, targets, UNLIMITED } from './settings';
import { percentile } from './stats';
import { atMost, ms, type Row } from './table';

const SECTION = '4 End to end';

const logFile = join(outDir, 'local-stack.log');

/** The mailbox whose link the verify requests check: apart from the reset requests' mailboxes, whose links they replace. */
const VERIFIED_MAILBOX = { Email: 'bench.verify@example.com', CustomerBrandName: 'PumpAlarm' };

/** Longer than any function's own timeout (20 s, serverless.yml): serverless offline answers first. */
const REQUEST_TIMEOUT_MS = 30_000;

async function send(apiUrl: string, scenario: Scenario): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${apiUrl}${scenario.path}`, {
    method: 'POST',
    headers: scenario.headers,
    body: scenario.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.label} request answered ${response.status}: ${body}`);
  return performance.now() - start;
}

/**
 * Asks for a reset of {@link VERIFIED_MAILBOX} and reads the link's token from its email, once the
 * sender on the table's stream has sent it to the local inbox.
 */
async function liveToken(stack: RunningStack): Promise<string> {
  await send(stack.apiUrl, { label: 'reset', path: json.path, body: JSON.stringify(VERIFIED_MAILBOX), headers: json.headers });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { emails } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] }; body: { text?: string } }> };
    const email = emails.find((e) => e.destination.to.includes(VERIFIED_MAILBOX.Email));
    const token = /[?&]token=([A-Za-z0-9_.-]+)/.exec(email?.body.text ?? '')?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('No reset email reached the local inbox within 15 s');
}

/**
 * `total` requests from `concurrency` clients, in turn a JSON reset, a verify, an XML reset and a
 * verify: each kind's latencies, what failed (an answer other than 200, or none in time), and the
 * elapsed time.
 */
async function load(apiUrl: string, token: string, total: number, concurrency: number) {
  const turns: ReadonlyArray<{ kind: 'reset' | 'verify'; scenario: Scenario }> = [
    { kind: 'reset', scenario: json },
    { kind: 'verify', scenario: verify(token) },
    { kind: 'reset', scenario: xml },
    { kind: 'verify', scenario: verify(token) },
  ];
  const latencies = { reset: [] as number[], verify: [] as number[] };
  const failures: string[] = [];
  let next = 0;
  const start = performance.now();
  const client = async () => {
    while (next < total) {
      const { kind, scenario } = turns[next++ % turns.length]!;
      await send(apiUrl, scenario).then(
        (latency) => latencies[kind].push(latency),
        (error: unknown) => failures.push(`${scenario.label}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { latencies, failures, seconds: (performance.now() - start) / 1000 };
}

/**
 * Through API Gateway emulation, the Lambda emulation and DynamoDB Local, with the stream poller
 * running the sender on every reset's item meanwhile, as it would in AWS. A reset only counts its
 * limits and writes its item, a verify reads one: the reset's median must stay within twice the
 * verify's, measured in the same run.
 */
export async function endToEndRows(): Promise<Row[]> {
  const stack = await startStack(endToEndPorts, logFile, {
    RATE_LIMITS: UNLIMITED,
    ESBUILD_WORK_FOLDER: esbuildWorkFolders.stack,
    SENDER_FAILURES_FILE: join(outDir, 'sender-failures.jsonl'),
  });
  try {
    const token = await liveToken(stack);
    // Offline runs concurrent invocations in separate workers: warm each of them first.
    await load(stack.apiUrl, token, runs.endToEndWarmup, runs.endToEndConcurrency);
    const { latencies, failures, seconds } = await load(stack.apiUrl, token, runs.endToEndRequests, runs.endToEndConcurrency);
    const how = `of ${runs.endToEndRequests} requests, ${runs.endToEndConcurrency} concurrent: JSON reset, verify, XML reset, verify in turn`;
    const p50 = { reset: percentile(latencies.reset, 50), verify: percentile(latencies.verify, 50) };
    const ratio = p50.reset / p50.verify;
    return [
      {
        section: SECTION,
        measure: `reset p50 / p99 (${how})`,
        figure: `${ms(p50.reset)} / ${ms(percentile(latencies.reset, 99))}`,
        reference: `verify ${ms(p50.verify)} / ${ms(percentile(latencies.verify, 99))}`,
        ratio,
        target: atMost(ratio, targets.resetOverVerifyP50, "verify's p50"),
      },
      {
        section: SECTION,
        measure: `requests answered other than 200, or not within ${REQUEST_TIMEOUT_MS / 1000} s`,
        figure: failures.length === 0 ? '0' : `${failures.length}: ${[...new Set(failures)].slice(0, 3).join('; ')}`,
        target: { text: '0', met: failures.length === 0 },
      },
      { section: SECTION, measure: 'throughput', figure: `${(runs.endToEndRequests / seconds).toFixed(0)} requests/s` },
    ];
  } finally {
    await stack.stop();
  }
}
