/**
 * Child process of the per-request and memory sections: loads bundles and calls their handlers in a
 * loop, with the AWS clients pointed at the fake endpoints by the environment it was given.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createRequire } from 'node:module';
import type { WireItem } from './fake-aws';
import type { RecordedCall } from './floors/replay';
import { eventOf, json, streamEventOf, xml, type Scenario } from './scenarios';
import { runs } from './settings';

/** What the sender is given to send: the items the reset function queued, as the fake table holds them. */
export interface QueuedItems {
  readonly tableName: string;
  readonly items: readonly WireItem[];
}

export type WorkerJob =
  | { readonly kind: 'requests'; readonly handlerFile: string; readonly floorFile: string; readonly stubbedFile: string }
  | { readonly kind: 'own-cpu'; readonly stubbedFile: string }
  | ({ readonly kind: 'emails'; readonly handlerFile: string; readonly floorFile: string; readonly stubbedFile: string } & QueuedItems)
  | ({ readonly kind: 'email-own-cpu'; readonly stubbedFile: string } & QueuedItems)
  | { readonly kind: 'memory'; readonly subject: 'handler'; readonly handlerFile: string }
  | { readonly kind: 'memory'; readonly subject: 'floor'; readonly floorFile: string; readonly stubbedFile: string }
  | ({ readonly kind: 'email-memory'; readonly subject: 'handler'; readonly handlerFile: string } & QueuedItems)
  | ({ readonly kind: 'email-memory'; readonly subject: 'floor'; readonly floorFile: string; readonly stubbedFile: string } & QueuedItems);

/** Average cost of one request over a batch, in microseconds. */
export interface BatchCost {
  readonly wallMicros: number;
  readonly cpuMicros: number;
}

/** One cost per batch and subject; batches ran interleaved, so index i of each series ran side by side. */
export type Series<Subject extends string> = Record<Subject, BatchCost[]>;
export type RequestSeries = Series<'handlerJson' | 'handlerXml' | 'floorJson' | 'floorXml'>;
export type OwnCpuSeries = Series<'json' | 'xml' | 'xmlWithoutParser'>;
/** Per email, by the brand of the item it sends; `floor:` the floor's replay of the same calls. */
export type EmailSeries = Record<string, BatchCost[]>;

export interface MemoryReport {
  /** After each round of requests and a full GC. */
  readonly rounds: ReadonlyArray<{ readonly heapUsed: number; readonly rss: number }>;
  readonly maxRss: number;
}

type Handler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
type Sender = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
type Recording = { sent: RecordedCall[]; recording: { on: boolean } };
type StubbedBundle = Recording & { handler: Handler; parserStub: { on: boolean } };
type StubbedSender = Recording & { handler: Sender; items: Map<string, unknown> };
type Call = () => Promise<void>;

const load = createRequire(__filename);

/** A call that fails loudly unless the handler answered 200: a fast error path must never pass for a fast request. */
function request(handler: Handler, scenario: Scenario): Call {
  const event = eventOf(scenario);
  return async () => {
    const response = await handler(event);
    if (response.statusCode !== 200) throw new Error(`${scenario.label} request answered ${response.statusCode}: ${response.body}`);
  };
}

/** The Lambda context the sender is handed (it ignores it). */
const context = { functionName: 'sendQueuedEmail', awsRequestId: 'bench', getRemainingTimeInMillis: () => 20_000 } as unknown as Context;

/** One stream record queuing `item`'s email, sent in an invocation of its own; fails loudly if the record failed. */
function email(sender: Sender, item: WireItem): Call {
  const event = streamEventOf(item);
  return async () => {
    const { batchItemFailures } = await sender(event, context);
    if (batchItemFailures.length > 0) throw new Error(`the sender failed the record of ${item.brand?.S}`);
  };
}

/**
 * Proves a call sends an email, once: the sender's line for it says `sent`. A record it skipped (a
 * nonce or key version that does not match, say) costs far less, and must never pass for an email.
 */
async function assertSends(call: Call, label: string): Promise<void> {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await call();
  } finally {
    process.stdout.write = write;
  }
  if (!lines.some((line) => line.includes('"outcome":"sent"'))) throw new Error(`the sender sent no email for ${label}: ${lines.join('')}`);
}

async function repeat(call: Call, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await call();
}

async function timeBatch(call: Call, size: number): Promise<BatchCost> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await repeat(call, size);
  const wallMicros = ((performance.now() - start) * 1000) / size;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMicros, cpuMicros: (user + system) / size };
}

/** Warms every call up, then times them in interleaved batches. */
async function interleave<Subject extends string>(calls: Record<Subject, Call>, batches: number, size: number): Promise<Series<Subject>> {
  const subjects = Object.keys(calls) as Subject[];
  for (const subject of subjects) await repeat(calls[subject], runs.requestWarmup);
  const series = Object.fromEntries(subjects.map((subject) => [subject, [] as BatchCost[]])) as Series<Subject>;
  for (let batch = 0; batch < batches; batch++) {
    for (const subject of subjects) series[subject].push(await timeBatch(calls[subject], size));
  }
  return series;
}

interface FloorBundle {
  send(calls: readonly RecordedCall[]): Promise<void>;
  xml?: { parser: { parse(body: string): unknown }; validate(body: string): unknown };
}

/**
 * The SDK calls a stubbed copy makes for one warm call of it, recorded for the floor to replay. The
 * call is made once unrecorded first: an instance's first request also fetches its keys and checks the
 * customer-id key's fingerprint, once, and the floor must not replay that on every request.
 */
async function recordCalls(stubbed: Recording, call: Call): Promise<RecordedCall[]> {
  await call();
  stubbed.sent.length = 0;
  stubbed.recording.on = true;
  await call();
  stubbed.recording.on = false;
  return [...stubbed.sent];
}

/**
 * The floor's bare work for a scenario: the very calls the handler makes for it (captured by the
 * stubbed copy; limits differ by brand), after validating and parsing an XML body as the handler must.
 */
async function floorCall(floorFile: string, stubbedFile: string, scenario: Scenario): Promise<Call> {
  const floor = load(floorFile) as FloorBundle;
  const stubbed = load(stubbedFile) as StubbedBundle;
  const recorded = await recordCalls(stubbed, request(stubbed.handler, scenario));
  const parser = floor.xml;
  if (scenario !== xml || !parser) return () => floor.send(recorded);
  return () => {
    parser.validate(scenario.body);
    parser.parser.parse(scenario.body);
    return floor.send(recorded);
  };
}

async function measureRequests(job: Extract<WorkerJob, { kind: 'requests' }>): Promise<RequestSeries> {
  const { handler } = load(job.handlerFile) as { handler: Handler };
  const calls = {
    handlerJson: request(handler, json),
    handlerXml: request(handler, xml),
    floorJson: await floorCall(job.floorFile, job.stubbedFile, json),
    floorXml: await floorCall(job.floorFile, job.stubbedFile, xml),
  };
  return interleave(calls, runs.requestBatches, runs.requestBatchSize);
}

/** The stubbed handler alone in its process, so no SDK garbage or socket work of other calls lands in its batches. */
async function measureOwnCpu(job: Extract<WorkerJob, { kind: 'own-cpu' }>): Promise<OwnCpuSeries> {
  const stubbed = load(job.stubbedFile) as StubbedBundle;
  const xmlRequest = request(stubbed.handler, xml);
  const xmlWithoutParser = async () => {
    stubbed.parserStub.on = true;
    await xmlRequest();
    stubbed.parserStub.on = false;
  };
  return interleave(
    { json: request(stubbed.handler, json), xml: xmlRequest, xmlWithoutParser },
    runs.ownCpuBatches,
    runs.ownCpuBatchSize,
  );
}

/** The item as the SDK hands it to a caller: binary values as bytes, not base64. */
const sdkItemOf = (item: WireItem): unknown =>
  Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value.B === 'string' ? { B: Buffer.from(value.B, 'base64') } : value]));

/** A stubbed sender that finds `item` on the token table. */
function stubbedSenderFor(stubbedFile: string, tableName: string, item: WireItem): StubbedSender {
  const stubbed = load(stubbedFile) as StubbedSender;
  stubbed.items.set(tableName, sdkItemOf(item));
  return stubbed;
}

/** Each queued item's email through the sender, by brand. */
async function senderCalls(handlerFile: string, items: readonly WireItem[]): Promise<Record<string, Call>> {
  const { handler } = load(handlerFile) as { handler: Sender };
  const calls: Record<string, Call> = {};
  for (const item of items) {
    const call = email(handler, item);
    await assertSends(call, String(item.brand?.S));
    calls[String(item.brand?.S)] = call;
  }
  return calls;
}

/** The sender floor's bare work for each item: the calls the stubbed sender made for its email. */
async function senderFloorCalls(job: { floorFile: string; stubbedFile: string } & QueuedItems): Promise<Record<string, Call>> {
  const floor = load(job.floorFile) as FloorBundle;
  const calls: Record<string, Call> = {};
  for (const item of job.items) {
    const stubbed = stubbedSenderFor(job.stubbedFile, job.tableName, item);
    const recorded = await recordCalls(stubbed, email(stubbed.handler, item));
    if (!recorded.some((call) => call.command === 'SendEmail')) throw new Error(`the stubbed sender sent no email for ${item.brand?.S}`);
    calls[`floor:${item.brand?.S}`] = () => floor.send(recorded);
  }
  return calls;
}

async function measureEmails(job: Extract<WorkerJob, { kind: 'emails' }>): Promise<EmailSeries> {
  const calls = { ...(await senderCalls(job.handlerFile, job.items)), ...(await senderFloorCalls(job)) };
  return interleave(calls, runs.requestBatches, runs.requestBatchSize);
}

/** The stubbed sender alone in its process, per brand; the stubbed table holds one item, so one brand at a time. */
async function measureEmailOwnCpu(job: Extract<WorkerJob, { kind: 'email-own-cpu' }>): Promise<EmailSeries> {
  const series: EmailSeries = {};
  for (const item of job.items) {
    const stubbed = stubbedSenderFor(job.stubbedFile, job.tableName, item);
    const brand = String(item.brand?.S);
    Object.assign(series, await interleave({ [brand]: email(stubbed.handler, item) }, runs.ownCpuBatches, runs.ownCpuBatchSize));
  }
  return series;
}

/**
 * A warm-up round, then rounds of calls (alternating between those given) with a full GC after each.
 * The floor does its bare work for the same calls, so its heap shows what the SDK and V8 themselves
 * grow by as they warm up.
 */
async function measureMemory(calls: readonly Call[]): Promise<MemoryReport> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the memory worker needs --expose-gc');
  const call = (i: number) => calls[i % calls.length]!();
  for (let i = 0; i < runs.memoryWarmup; i++) await call(i);
  const rounds = [];
  for (let round = 0; round < runs.memoryRounds; round++) {
    for (let i = 0; i < runs.memoryRoundSize; i++) await call(i);
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    rounds.push({ heapUsed, rss });
  }
  return { rounds, maxRss: process.resourceUsage().maxRSS * 1024 };
}

async function memoryCalls(job: Extract<WorkerJob, { kind: 'memory' | 'email-memory' }>): Promise<Call[]> {
  if (job.kind === 'email-memory') {
    return Object.values(job.subject === 'floor' ? await senderFloorCalls(job) : await senderCalls(job.handlerFile, job.items));
  }
  if (job.subject === 'floor') return [await floorCall(job.floorFile, job.stubbedFile, json), await floorCall(job.floorFile, job.stubbedFile, xml)];
  const { handler } = load(job.handlerFile) as { handler: Handler };
  return [request(handler, json), request(handler, xml)];
}

async function run(job: WorkerJob): Promise<unknown> {
  switch (job.kind) {
    case 'requests':
      return measureRequests(job);
    case 'own-cpu':
      return measureOwnCpu(job);
    case 'emails':
      return measureEmails(job);
    case 'email-own-cpu':
      return measureEmailOwnCpu(job);
    default:
      return measureMemory(await memoryCalls(job));
  }
}

async function main(): Promise<void> {
  const result = await run(JSON.parse(process.argv[2]!) as WorkerJob);
  // The SDK keeps its connections alive; exit once the parent has the result.
  process.send!(result, () => process.exit(0));
}

void main();
