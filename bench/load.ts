/**
 * `npm run load`: a bounded load test through the local stack (serverless offline, DynamoDB Local,
 * local SES). 2,000 reset requests from 20 concurrent clients, each for an address of its own; then
 * every answer is checked against what the stack holds: no 5xx, and for every 200 exactly one
 * stored token and exactly one email in the inbox (nothing lost, nothing sent twice).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenKey } from '../lib/adapters/dynamodb-token-store';
import { customerIdsUnder } from '../lib/reset/token';
import { startStack, type StackPorts } from '../scripts/local-stack-runner';
import { outDir, root, UNLIMITED, UNPADDED } from './settings';
import { percentile } from './stats';

const TOTAL = 2_000;
const CONCURRENCY = 20;
const ports: StackPorts = { API_PORT: '3600', LAMBDA_PORT: '3602', DYNAMODB_PORT: '8600', SES_PORT: '8605', PORTAL_PORT: '8608' };
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

async function main(): Promise<void> {
  // A key of its own for this run, so the check below can name each address's token item.
  const customerIdKey = randomBytes(32).toString('base64url');
  const customerIdOf = customerIdsUnder(customerIdKey);
  const stack = await startStack(ports, join(outDir, 'load-stack.log'), { RATE_LIMITS: UNLIMITED, ...UNPADDED, CUSTOMER_ID_KEY: customerIdKey });
  try {
    const { answers, seconds } = await sendAll(stack.apiUrl);
    const ok = answers.filter((a) => a.status === 200);
    const serverErrors = answers.filter((a) => a.status >= 500 || a.status === 0);

    const inbox = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> };
    const emailsTo = new Map<string, number>();
    for (const email of inbox.emails) for (const to of email.destination.to) emailsTo.set(to, (emailsTo.get(to) ?? 0) + 1);

    const dynamodb = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    let missingTokens = 0;
    for (const { email } of ok) {
      const key = tokenKey(customerIdOf('pumpalarm', email));
      const item = await dynamodb.send(new GetItemCommand({ TableName: 'reset-customer-password-dev', Key: { pk: { S: key } }, ConsistentRead: true }));
      if (item.Item?.email?.S !== email) missingTokens++;
    }
    dynamodb.destroy();
    const wrongEmailCounts = ok.filter((a) => emailsTo.get(a.email) !== 1).length;

    const latencies = answers.map((a) => a.ms);
    const byStatus = new Map<number, number>();
    for (const { status } of answers) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const failedAt = serverErrors.map((a) => `${(a.at / 1000).toFixed(1)} s (${a.status}, ${a.ms.toFixed(0)} ms)`);
    const checks = [
      ['5xx or no answer', serverErrors.length, 0],
      ['200 without exactly one stored token', missingTokens, 0],
      ['200 without exactly one email in the inbox', wrongEmailCounts, 0],
    ] as const;
    const lines = [
      `# Load test (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch})`,
      '',
      `${TOTAL} reset requests, ${CONCURRENCY} concurrent, each for its own address, through serverless offline with DynamoDB Local and local SES.`,
      '',
      '| measure | figure | target | met |',
      '|---|---|---|---|',
      `| answers by status | ${[...byStatus].map(([status, count]) => `${status}: ${count}`).join(', ')} | - | - |`,
      ...checks.map(([name, count, target]) => `| ${name} | ${count} | ${target} | ${count === target ? 'yes' : 'NO'} |`),
      `| latency p50 / p99 | ${percentile(latencies, 50).toFixed(0)} ms / ${percentile(latencies, 99).toFixed(0)} ms | - | - |`,
      `| throughput | ${(TOTAL / seconds).toFixed(0)} requests/s | - | - |`,
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
