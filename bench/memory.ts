import { runWorker } from './children';
import { endpointsOf, startFakeAws } from './fake-aws';
import type { FunctionBundle } from './package';
import { queuedItems, type StubbedFiles } from './per-request';
import type { MemoryReport, WorkerJob } from './request-worker';
import type { FloorName } from './scenarios';
import { runs, targets } from './settings';
import { mb, type Row } from './table';

const SECTION = '5 Memory';

const kbSigned = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(0)} KB`;

/**
 * For each function, 10,000 calls (the reset function: JSON and XML requests alternating; the sender:
 * an email of each brand alternating) in one handler process after a warm-up, in rounds with a full
 * GC after each, and its floor's replay of the same calls likewise in a process of its own. The heap
 * left after a round must not grow from round to round by more than the floor's does: the SDK's
 * sockets and V8's compiled code keep growing for a while in both (measured: 0.2 to 0.6 MB over the
 * first 20,000 requests, slowing down), which is not this service's to answer for.
 */
export async function memoryRows(reset: FunctionBundle, sender: FunctionBundle, floors: Readonly<Record<FloorName, string>>, stubs: StubbedFiles): Promise<Row[]> {
  const aws = await startFakeAws();
  const measure = (job: WorkerJob, fn: FunctionBundle) =>
    // V8 drops the bytecode of functions idle for a few GCs, which moves the heap after a GC by
    // hundreds of KB from round to round (measured: -370 KB between two rounds); without that,
    // what is left is what the code keeps.
    runWorker<MemoryReport>(job, { ...fn.env, ...endpointsOf(aws) }, ['--expose-gc', '--no-flush-bytecode']);
  const reports: Array<{ fn: FunctionBundle; handler: MemoryReport; floor: MemoryReport }> = [];
  try {
    reports.push({
      fn: reset,
      handler: await measure({ kind: 'memory', subject: 'handler', handlerFile: reset.file }, reset),
      floor: await measure({ kind: 'memory', subject: 'floor', floorFile: floors.http, stubbedFile: stubs.reset }, reset),
    });
    // The reset function's requests have queued the items the sender mails.
    const queued = queuedItems(aws, reset);
    reports.push({
      fn: sender,
      handler: await measure({ kind: 'email-memory', subject: 'handler', handlerFile: sender.file, ...queued }, sender),
      floor: await measure({ kind: 'email-memory', subject: 'floor', floorFile: floors.sender, stubbedFile: stubs.sender, ...queued }, sender),
    });
  } finally {
    await aws.close();
  }
  const growth = (report: MemoryReport) => report.rounds[report.rounds.length - 1]!.heapUsed - report.rounds[0]!.heapUsed;
  const total = runs.memoryRounds * runs.memoryRoundSize;
  return reports.flatMap(({ fn, handler, floor }): Row[] => {
    const overFloor = growth(handler) - growth(floor);
    const first = handler.rounds[0]!;
    const last = handler.rounds[handler.rounds.length - 1]!;
    return [
      {
        section: SECTION,
        measure: `${fn.name}: peak RSS after ${runs.memoryWarmup.toLocaleString('en')} warm-up and ${total.toLocaleString('en')} calls`,
        figure: mb(handler.maxRss),
      },
      {
        section: SECTION,
        measure: `${fn.name}: heap after GC, round 1 to ${runs.memoryRounds} (${runs.memoryRoundSize.toLocaleString('en')} calls each)`,
        figure: `${mb(first.heapUsed)} to ${mb(last.heapUsed)} (${kbSigned(growth(handler))}, ${kbSigned(overFloor)} over the floor)`,
        reference: `floor ${kbSigned(growth(floor))}`,
        target: { text: `< ${targets.heapGrowthOverFloorBytes / 1024} KB over the floor`, met: overFloor < targets.heapGrowthOverFloorBytes },
      },
      { section: SECTION, measure: `${fn.name}: RSS after each round`, figure: handler.rounds.map((r) => mb(r.rss)).join(', ') },
    ];
  });
}
