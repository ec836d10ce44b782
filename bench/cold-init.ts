import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeLoad, type LoadTime } from './children';
import type { PackagedService } from './package';
import { floorOf, type FloorName } from './scenarios';
import { outDir, runs, targets } from './settings';
import { median, pairedRatio } from './stats';
import { atMost, ms, type Row } from './table';

const SECTION = '2 Cold init';

export interface InitSubject {
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
}

/** One fresh process per subject per round, rounds interleaved so the machine's drift hits all alike. */
export async function measureInit(subjects: readonly InitSubject[], rounds: number): Promise<LoadTime[][]> {
  const times: LoadTime[][] = subjects.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, subject] of subjects.entries()) times[i]!.push(await timeLoad(subject.file, subject.env));
  }
  return times;
}

export const cpuOf = (times: readonly LoadTime[]): number[] => times.map((t) => t.cpuMs);

/** `55.1 ms (wall 57.3 ms)`: CPU is the figure, wall time shows how busy the machine was. */
export const describeInit = (times: readonly LoadTime[]): string =>
  `${ms(median(cpuOf(times)))} (wall ${ms(median(times.map((t) => t.wallMs)))})`;

/**
 * Loading each bundle in a fresh Node process with the function's own environment (NODE_OPTIONS
 * included, as deployed), against its floor's bundle and an empty module. The floor loads as bare
 * Node does, without NODE_OPTIONS: what the service adds to Node's defaults (source-mapped stack
 * traces, say) is the service's cost. Judged on CPU time: on a shared machine, waiting for a core is
 * not something the bundle costs.
 */
export async function initRows(service: PackagedService, floorFiles: Readonly<Record<FloorName, string>>): Promise<Row[]> {
  const emptyFile = join(outDir, 'builds/empty.js');
  writeFileSync(emptyFile, '');
  const { NODE_OPTIONS: _deployedOptions, ...bare } = service.functions[0]!.env;
  const floorNames = Object.keys(floorFiles) as FloorName[];
  const [empty, ...times] = await measureInit(
    [
      { file: emptyFile, env: bare },
      ...floorNames.map((floor) => ({ file: floorFiles[floor], env: bare })),
      ...service.functions,
    ],
    runs.init,
  );
  const floorTimes = new Map(floorNames.map((floor, i) => [floor, times[i]!]));
  const functionTimes = times.slice(floorNames.length);
  return [
    { section: SECTION, measure: 'empty module (CPU, median)', figure: describeInit(empty!) },
    ...floorNames.map((floor): Row => ({ section: SECTION, measure: `${floor} floor (CPU, median)`, figure: describeInit(floorTimes.get(floor)!) })),
    ...service.functions.map((fn, i): Row => {
      const floor = floorTimes.get(floorOf(fn.name))!;
      const ratio = pairedRatio(cpuOf(functionTimes[i]!), cpuOf(floor));
      return {
        section: SECTION,
        measure: `${fn.name} (CPU, median)`,
        figure: describeInit(functionTimes[i]!),
        reference: `${floorOf(fn.name)} floor ${ms(median(cpuOf(floor)))}`,
        ratio,
        target: atMost(ratio, targets.initRatio, 'floor'),
      };
    }),
  ];
}
