import { runWorker } from './children';
import { startFakeAws } from './fake-aws';
import type { FunctionBundle } from './package';
import type { BatchCost, OwnCpuSeries, RequestSeries } from './request-worker';
import { targets, UNPADDED } from './settings';
import { median, pairedDifference, pairedRatio } from './stats';
import { atMost, us, type Row } from './table';

const SECTION = '3 Per request';

const wall = (costs: readonly BatchCost[]): number[] => costs.map((c) => c.wallMicros);
const cpu = (costs: readonly BatchCost[]): number[] => costs.map((c) => c.cpuMicros);
/** `2,040 us (wall 2,310 us)`: CPU is the figure, as for cold init; wall time includes the fake server's turn. */
const describeCost = (costs: readonly BatchCost[]): string => `${us(median(cpu(costs)))} (wall ${us(median(wall(costs)))})`;

/**
 * The handler called in a loop in one process, its clients talking HTTP to a fake DynamoDB and SES
 * on 127.0.0.1 (served from this process, so the worker's CPU is the client side alone), against the
 * floor's bare replay of the same send() calls with the same inputs; then the handler's own CPU with
 * send() stubbed.
 */
export async function requestRows(fn: FunctionBundle, floorFile: string, stubbedFile: string): Promise<Row[]> {
  const aws = await startFakeAws();
  let series: RequestSeries;
  try {
    series = await runWorker<RequestSeries>(
      { kind: 'requests', handlerFile: fn.file, floorFile, stubbedFile },
      { ...fn.env, ...UNPADDED, AWS_ENDPOINT_URL_DYNAMODB: aws.url, AWS_ENDPOINT_URL_SES: aws.url, AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url },
    );
  } finally {
    await aws.close();
  }
  const own = await runWorker<OwnCpuSeries>({ kind: 'own-cpu', stubbedFile }, { ...fn.env, ...UNPADDED });

  const versusFloor = (label: string, costs: readonly BatchCost[], floor: readonly BatchCost[]): Row => {
    const ratio = pairedRatio(cpu(costs), cpu(floor));
    return {
      section: SECTION,
      measure: `${fn.name}, ${label} body (CPU per request, median)`,
      figure: describeCost(costs),
      reference: describeCost(floor),
      ratio,
      target: atMost(ratio, targets.requestRatio, 'floor'),
    };
  };
  const ownCpu = (label: string, micros: number): Row => ({
    section: SECTION,
    measure: `${fn.name}, ${label}, send() stubbed (CPU per request, median)`,
    figure: us(micros),
    target: { text: `< ${targets.handlerCpuMicros} us`, met: micros < targets.handlerCpuMicros },
  });
  // The issue counts the XML parser in the floor: the XML figure is the handler with the parser
  // answering from a cache, and the parser's own work in the handler is the paired difference.
  const xmlParser = pairedDifference(cpu(own.xml), cpu(own.xmlWithoutParser));
  return [
    versusFloor('JSON', series.handlerJson, series.floorJson),
    versusFloor('XML', series.handlerXml, series.floorXml),
    ownCpu('JSON body', median(cpu(own.json))),
    ownCpu('XML body, without the XML parser', median(cpu(own.xmlWithoutParser))),
    { section: SECTION, measure: `${fn.name}, XML body: the XML parser's own work (floor)`, figure: us(xmlParser) },
  ];
}
