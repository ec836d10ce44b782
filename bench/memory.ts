import { runWorker } from './children';
import { startFakeAws } from './fake-aws';
import type { FunctionBundle } from './package';
import type { MemoryReport } from './request-worker';
import { runs, targets } from './settings';
import { mb, type Row } from './table';

const SECTION = '5 Memory';

/**
 * 10,000 requests (JSON and XML alternating) in one handler process, in rounds with a full GC after
 * each: the heap left after a round must not grow from round to round.
 */
export async function memoryRows(fn: FunctionBundle): Promise<Row[]> {
  const aws = await startFakeAws();
  let report: MemoryReport;
  try {
    report = await runWorker<MemoryReport>(
      { kind: 'memory', handlerFile: fn.file },
      { ...fn.env, AWS_ENDPOINT_URL_DYNAMODB: aws.url, AWS_ENDPOINT_URL_SES: aws.url },
      ['--expose-gc'],
    );
  } finally {
    await aws.close();
  }
  const first = report.rounds[0]!;
  const last = report.rounds[report.rounds.length - 1]!;
  const growth = last.heapUsed - first.heapUsed;
  const total = runs.memoryRounds * runs.memoryRoundSize;
  return [
    { section: SECTION, measure: `${fn.name}: peak RSS after ${total.toLocaleString('en')} requests`, figure: mb(report.maxRss) },
    {
      section: SECTION,
      measure: `heap after GC, round 1 to ${runs.memoryRounds} (${runs.memoryRoundSize.toLocaleString('en')} requests each)`,
      figure: `${mb(first.heapUsed)} to ${mb(last.heapUsed)} (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KB)`,
      target: { text: `grows < ${targets.heapGrowthBytes / 1024} KB`, met: growth < targets.heapGrowthBytes },
    },
    { section: SECTION, measure: 'RSS after each round', figure: report.rounds.map((r) => mb(r.rss)).join(', ') },
  ];
}
