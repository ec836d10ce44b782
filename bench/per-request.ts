import { TOKEN_KEY_PREFIX } from '../lib/adapters/dynamodb-token-store';
import { runWorker } from './children';
import { endpointsOf, startFakeAws, type FakeAws } from './fake-aws';
import type { FloorName } from './scenarios';
import type { FunctionBundle } from './package';
import type { BatchCost, EmailSeries, OwnCpuSeries, QueuedItems, RequestSeries } from './request-worker';
import { targets } from './settings';
import { median, pairedDifference, pairedRatio } from './stats';
import { atMost, us, type Row } from './table';

const SECTION = '3 Per request';

/** The stubbed copies of the functions (bench/stubs), built like them. */
export interface StubbedFiles {
  readonly reset: string;
  readonly sender: string;
}

const wall = (costs: readonly BatchCost[]): number[] => costs.map((c) => c.wallMicros);
const cpu = (costs: readonly BatchCost[]): number[] => costs.map((c) => c.cpuMicros);
/** `2,040 us (wall 2,310 us)`: CPU is the figure, as for cold init; wall time includes the fake server's turn. */
const describeCost = (costs: readonly BatchCost[]): string => `${us(median(cpu(costs)))} (wall ${us(median(wall(costs)))})`;

/** What the reset function queued on the fake table (its token items, not its key's fingerprint): the sender's work. */
export function queuedItems(aws: FakeAws, reset: FunctionBundle): QueuedItems {
  const tableName = reset.env.TABLE_NAME!;
  const items = [...(aws.items.get(tableName)?.values() ?? [])].filter((item) => String(item.pk?.S).startsWith(TOKEN_KEY_PREFIX));
  if (items.length === 0) throw new Error(`The reset function queued nothing on ${tableName}`);
  return { tableName, items };
}

/**
 * The reset handler called in a loop in one process, its clients talking HTTP to a fake DynamoDB and
 * Secrets Manager on 127.0.0.1 (served from this process, so the worker's CPU is the client side
 * alone), against the HTTP floor's bare replay of the same send() calls with the same inputs; then
 * the sender, handed a stream record for each item the reset function queued, against the sender
 * floor's replay of its calls (the fake table gives back what the reset wrote, the fake SES accepts
 * the email); then each handler's own CPU with send() stubbed.
 */
export async function requestRows(reset: FunctionBundle, sender: FunctionBundle, floors: Readonly<Record<FloorName, string>>, stubs: StubbedFiles): Promise<Row[]> {
  const aws = await startFakeAws();
  let requests: RequestSeries;
  let emails: EmailSeries;
  let queued: QueuedItems;
  try {
    requests = await runWorker<RequestSeries>(
      { kind: 'requests', handlerFile: reset.file, floorFile: floors.http, stubbedFile: stubs.reset },
      { ...reset.env, ...endpointsOf(aws) },
    );
    queued = queuedItems(aws, reset);
    emails = await runWorker<EmailSeries>(
      { kind: 'emails', handlerFile: sender.file, floorFile: floors.sender, stubbedFile: stubs.sender, ...queued },
      { ...sender.env, ...endpointsOf(aws) },
    );
  } finally {
    await aws.close();
  }
  const own = await runWorker<OwnCpuSeries>({ kind: 'own-cpu', stubbedFile: stubs.reset }, reset.env);
  const emailOwn = await runWorker<EmailSeries>({ kind: 'email-own-cpu', stubbedFile: stubs.sender, ...queued }, sender.env);

  const versusFloor = (label: string, costs: readonly BatchCost[], floor: readonly BatchCost[]): Row => {
    const ratio = pairedRatio(cpu(costs), cpu(floor));
    return {
      section: SECTION,
      measure: `${reset.name}, ${label} body (CPU per request, median)`,
      figure: describeCost(costs),
      reference: describeCost(floor),
      ratio,
      target: atMost(ratio, targets.requestRatio, 'floor'),
    };
  };
  const ownCpu = (label: string, micros: number): Row => ({
    section: SECTION,
    measure: `${reset.name}, ${label}, send() stubbed (CPU per request, median)`,
    figure: us(micros),
    target: { text: `<= ${targets.handlerCpuMicros} us`, met: micros <= targets.handlerCpuMicros },
  });
  // The issue counts the XML parser in the floor: the XML figure is the handler with the parser
  // answering from a cache, and the parser's own work in the handler is the paired difference.
  const xmlParser = pairedDifference(cpu(own.xml), cpu(own.xmlWithoutParser));
  const brands = queued.items.map((item) => String(item.brand?.S));
  return [
    versusFloor('JSON', requests.handlerJson, requests.floorJson),
    versusFloor('XML', requests.handlerXml, requests.floorXml),
    ownCpu('JSON body', median(cpu(own.json))),
    ownCpu('XML body, without the XML parser', median(cpu(own.xmlWithoutParser))),
    { section: SECTION, measure: `${reset.name}, XML body: the XML parser's own work (floor)`, figure: us(xmlParser) },
    ...brands.map((brand): Row => ({
      section: SECTION,
      measure: `${sender.name}, ${brand} (CPU per email sent, median)`,
      figure: describeCost(emails[brand]!),
      reference: describeCost(emails[`floor:${brand}`]!),
      ratio: pairedRatio(cpu(emails[brand]!), cpu(emails[`floor:${brand}`]!)),
    })),
    ...brands.map((brand): Row => ({
      section: SECTION,
      measure: `${sender.name}, ${brand}, send() stubbed (CPU per email sent, median)`,
      figure: us(median(cpu(emailOwn[brand]!))),
    })),
  ];
}
