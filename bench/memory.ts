import { runWorker } from './children';
import { startFakeAws } from './fake-aws';
import type { FunctionBundle } from './package';
import type { MemoryReport, WorkerJob } from './request-worker';
import { runs, targets, UNPADDED } from './settings';
import { mb, type Row } from './table';

const SECTION = '5 Memory';

const kbSigned = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(0)} KB`;

/**
 * 10,000 requests (JSON and XML alternating) in one handler process after a warm-up, in rounds with a
 * full GC after each, and the floor's replay of the same calls likewise in a process of its own. The
 * heap left after a round must not grow from round to round by more than the floor's does: the SDK's
 * sockets and V8's compiled code keep growing for a while in both (measured: 0.2 to 0.6 MB over the
 * first 20,000 requests, slowing down), which is not this service's to answer for.
 */
export async function memoryRows(fn: FunctionBundle, floorFile: string, stubbedFile: string): Promise<Row[]> {
  const aws = await startFakeAws();
  const measure = (job: WorkerJob) =>
    // V8 drops the bytecode of functions idle for a few GCs, which moves the heap after a GC by
    // hundreds of KB from round to round (measured: -370 KB between two rounds); without that,
    // what is left is what the code keeps.
    runWorker<MemoryReport>(job, { ...fn.env, ...UNPADDED, AWS_ENDPOINT_URL_DYNAMODB: aws.url, AWS_ENDPOINT_URL_SES: aws.url, AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url }, ['--expose-gc', '--no-flush-bytecode']);
  let handler: MemoryReport;
  let floor: MemoryReport;
  try {
    handler = await measure({ kind: 'memory', subject: 'handler', handlerFile: fn.file });
    floor = await measure({ kind: 'memory', subject: 'floor', floorFile, stubbedFile });
  } finally {
    await aws.close();
  }
  const growth = (report: MemoryReport) => report.rounds[report.rounds.length - 1]!.heapUsed - report.rounds[0]!.heapUsed;
  const overFloor = growth(handler) - growth(floor);
  const total = runs.memoryRounds * runs.memoryRoundSize;
  const first = handler.rounds[0]!;
  const last = handler.rounds[handler.rounds.length - 1]!;
  return [
    {
      section: SECTION,
      measure: `${fn.name}: peak RSS after ${runs.memoryWarmup.toLocaleString('en')} warm-up and ${total.toLocaleString('en')} requests`,
      figure: mb(handler.maxRss),
    },
    {
      section: SECTION,
      measure: `heap after GC, round 1 to ${runs.memoryRounds} (${runs.memoryRoundSize.toLocaleString('en')} requests each)`,
      figure: `${mb(first.heapUsed)} to ${mb(last.heapUsed)} (${kbSigned(growth(handler))}, ${kbSigned(overFloor)} over the floor)`,
      reference: `floor ${kbSigned(growth(floor))}`,
      target: { text: `< ${targets.heapGrowthOverFloorBytes / 1024} KB over the floor`, met: overFloor < targets.heapGrowthOverFloorBytes },
    },
    { section: SECTION, measure: 'RSS after each round', figure: handler.rounds.map((r) => mb(r.rss)).join(', ') },
  ];
}
