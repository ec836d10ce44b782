/**
 * `npm run load`: a bounded load test through the local stack (serverless offline, DynamoDB Local,
 * local SES, and the stream poller running the sender). 2,000 reset requests from 20 concurrent
 * clients, each for an address of its own; then every answer is checked against what the stack
 * holds once the sender has caught up: no 5xx, and for every 200 exactly one stored item, marked
 * handled by the sender, and exactly one email in the inbox (nothing lost, nothing sent twice).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenKey } from '../lib/adapters/dynamodb-token-store';
import { customerIdsUnder } from '../lib/reset/token';
import { portsFromEnvironment, startStack } from '../scripts/local-stack-runner';
import { esbuildWorkFolders, outDir, root, UNLIMITED } from './settings';
import { percentile } from './stats';

const TOTAL = 2_000;
const CONCURRENCY = 20;
/** LOAD_API_PORT, LOAD_LAMBDA_PORT, LOAD_DYNAMODB_PORT, LOAD_SES_PORT and LOAD_PORTAL_PORT move them. */
const ports = portsFromEnvironment('LOAD_', { API_PORT: '3600', LAMBDA_PORT: '3602', DYNAMODB_PORT: '8600', SES_PORT: '8605', PORTAL_PORT: '8608' });
/** How long the sender may take to mail every queued request after the last answer. */
const CATCH_UP_MS = 180_000;
const resultsFile = join(root, 'bench/load-results.md');

interface Answer {
  readonly email: string;
  readonly status: number;
  readonly ms: number;
  /** Milliseconds from the start of the run, to see when failures happened. */
  readonly at: number;
}

async function sendAll(apiUrl: string): Promise<{ answers: Answer[]; seconds: number }> {
  const answers: Answer[] = [];
  const run = `${Date.now().toString(36)}`;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < TOTAL) {
      const email = `load-${run}-${next++}@example.com`;
      const t = performance.now();
      const response = await fetch(`${apiUrl}/ResetCustomerPassword`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Email: email }),
        signal: AbortSignal.timeout(30_000),
      }).catch(() => undefined);
      await response?.text();
      answers.push({ email, status: response?.status ?? 0, ms: performance.now() - t, at: t - started });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return { answers, seconds: (performance.now() - started) / 1000 };
}

/**
 * Emails by recipient, once `expected` recipients have one (the sender works through the stream after
 * the answers) or {@link CATCH_UP_MS} has passed, then a second more for any duplicate to land; and
 * how long after the call the last new email arrived.
 */
async function inboxOnceCaughtUp(sesUrl: string, expected: number): Promise<{ counts: Map<string, number>; lastAfterMs: number }> {
  const started = performance.now();
  const read = async () => {
    const inbox = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> };
    const counts = new Map<string, number>();
    for (const email of inbox.emails) for (const to of email.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  };
  let counts = await read();
  let lastAfterMs = 0;
  let seen = counts.size;
  while (counts.size < expected && performance.now() - started < CATCH_UP_MS) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    counts = await read();
    if (counts.size > seen) [seen, lastAfterMs] = [counts.size, performance.now() - started];
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { counts: await read(), lastAfterMs };
}

async function main(): Promise<void> {
  // The SDK's notice that Node 20 support ends concerns the machine, not the test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // A key of its own for this run, so the check below can name each address's token item.
  const customerIdKey = randomBytes(32).toString('base64url');
  const customerIdOf = customerIdsUnder(customerIdKey);
  const stack = await startStack(ports, join(outDir, 'load-stack.log'), {
    RATE_LIMITS: UNLIMITED,
    CUSTOMER_ID_KEY: customerIdKey,
    ESBUILD_WORK_FOLDER: esbuildWorkFolders.load,
    SENDER_FAILURES_FILE: join(outDir, 'load-sender-failures.jsonl'),
  });
  try {
    const { answers, seconds } = await sendAll(stack.apiUrl);
    const ok = answers.filter((a) => a.status === 200);
    const serverErrors = answers.filter((a) => a.status >= 500 || a.status === 0);

    const emailsTo = await inboxOnceCaughtUp(stack.sesUrl, ok.length);

    const dynamodb = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    let missingTokens = 0;
    for (const { email } of ok) {
      const key = tokenKey(customerIdOf('pumpalarm', email));
      const item = await dynamodb.send(new GetItemCommand({ TableName: 'reset-customer-password-dev', Key: { pk: { S: key } }, ConsistentRead: true }));
      // The address is sealed: the item is the mailbox's if its key is, and handled once its `outbox` is gone.
      if (!item.Item?.nonce?.S || item.Item.outbox !== undefined || item.Item.handledAt === undefined) missingTokens++;
    }
    dynamodb.destroy();
    const wrongEmailCounts = ok.filter((a) => emailsTo.counts.get(a.email) !== 1).length;

    const latencies = answers.map((a) => a.ms);
    const byStatus = new Map<number, number>();
    for (const { status } of answers) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const failedAt = serverErrors.map((a) => `${(a.at / 1000).toFixed(1)} s (${a.status}, ${a.ms.toFixed(0)} ms)`);
    const checks = [
      ['5xx or no answer', serverErrors.length, 0],
      ['200 without exactly one stored item, handled', missingTokens, 0],
      ['200 without exactly one email in the inbox', wrongEmailCounts, 0],
    ] as const;
    const lines = [
      `# Load test (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch})`,
      '',
      `${TOTAL} reset requests, ${CONCURRENCY} concurrent, each for its own address, through serverless offline with DynamoDB Local, local SES and the sender on the table's stream.`,
      '',
      '| measure | figure | target | met |',
      '|---|---|---|---|',
      `| answers by status | ${[...byStatus].map(([status, count]) => `${status}: ${count}`).join(', ')} | - | - |`,
      ...checks.map(([name, count, target]) => `| ${name} | ${count} | ${target} | ${count === target ? 'yes' : 'NO'} |`),
      `| latency p50 / p99 | ${percentile(latencies, 50).toFixed(0)} ms / ${percentile(latencies, 99).toFixed(0)} ms | - | - |`,
      `| throughput | ${(TOTAL / seconds).toFixed(0)} requests/s | - | - |`,
      `| every email in the inbox | ${(emailsTo.lastAfterMs / 1000).toFixed(1)} s after the last answer | - | - |`,
    ];
    if (failedAt.length > 0) lines.push('', `5xx at: ${failedAt.join('; ')}`);
    const table = lines.join('\n');
    process.stdout.write(`${table}\n`);
    writeFileSync(resultsFile, `${table}\n`);
    process.exitCode = checks.every(([, count, target]) => count === target) ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
