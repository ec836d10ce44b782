/**
 * Child process of the per-request and memory sections: loads bundles and calls their handlers in a
 * loop, with the AWS clients pointed at the fake endpoints by the environment it was given.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createRequire } from 'node:module';
import type { RecordedCall } from './floor';
import { eventOf, json, xml, type Scenario } from './scenarios';
import { runs } from './settings';

export type WorkerJob =
  | { readonly kind: 'requests'; readonly handlerFile: string; readonly floorFile: string; readonly stubbedFile: string }
  | { readonly kind: 'own-cpu'; readonly stubbedFile: string }
  | { readonly kind: 'memory'; readonly subject: 'handler'; readonly handlerFile: string }
  | { readonly kind: 'memory'; readonly subject: 'floor'; readonly floorFile: string; readonly stubbedFile: string };

/** Average cost of one request over a batch, in microseconds. */
export interface BatchCost {
  readonly wallMicros: number;
  readonly cpuMicros: number;
}

/** One cost per batch and subject; batches ran interleaved, so index i of each series ran side by side. */
export type Series<Subject extends string> = Record<Subject, BatchCost[]>;
export type RequestSeries = Series<'handlerJson' | 'handlerXml' | 'floorJson' | 'floorXml'>;
export type OwnCpuSeries = Series<'json' | 'xml' | 'xmlWithoutParser'>;

export interface MemoryReport {
  /** After each round of requests and a full GC. */
  readonly rounds: ReadonlyArray<{ readonly heapUsed: number; readonly rss: number }>;
  readonly maxRss: number;
}

type Handler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
type StubbedBundle = { handler: Handler; sent: RecordedCall[]; recording: { on: boolean }; parserStub: { on: boolean } };
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
  xml: { parser: { parse(body: string): unknown }; validate(body: string): unknown };
}

/**
 * The floor's bare work for a scenario: the very calls the handler makes for it (captured by the
 * stubbed copy; brands differ in their calls), after validating and parsing an XML body as the
 * handler must.
 */
async function floorCall(floorFile: string, stubbedFile: string, scenario: Scenario): Promise<Call> {
  const floor = load(floorFile) as FloorBundle;
  const stubbed = load(stubbedFile) as StubbedBundle;
  stubbed.sent.length = 0;
  stubbed.recording.on = true;
  await request(stubbed.handler, scenario)();
  stubbed.recording.on = false;
  const recorded = [...stubbed.sent];
  if (scenario !== xml) return () => floor.send(recorded);
  return () => {
    floor.xml.validate(scenario.body);
    floor.xml.parser.parse(scenario.body);
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

/**
 * A warm-up round, then rounds of requests (JSON and XML alternating) with a full GC after each. The
 * floor does its bare work for the same bodies, so its heap shows what the SDK and V8 themselves
 * grow by as they warm up.
 */
async function measureMemory(job: Extract<WorkerJob, { kind: 'memory' }>): Promise<MemoryReport> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the memory worker needs --expose-gc');
  let jsonCall: Call;
  let xmlCall: Call;
  if (job.subject === 'floor') {
    [jsonCall, xmlCall] = [await floorCall(job.floorFile, job.stubbedFile, json), await floorCall(job.floorFile, job.stubbedFile, xml)];
  } else {
    const { handler } = load(job.handlerFile) as { handler: Handler };
    [jsonCall, xmlCall] = [request(handler, json), request(handler, xml)];
  }
  const call = (i: number) => (i % 2 === 0 ? jsonCall : xmlCall)();
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

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as WorkerJob;
  const result = job.kind === 'requests' ? await measureRequests(job) : job.kind === 'own-cpu' ? await measureOwnCpu(job) : await measureMemory(job);
  // The SDK keeps its connections alive; exit once the parent has the result.
  process.send!(result, () => process.exit(0));
}

void main();
