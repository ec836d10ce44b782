import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeLoad, type LoadTime } from './children';
import type { PackagedService } from './package';
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
 * included, as deployed), against the floor bundle and an empty module. Judged on CPU time: on a
 * shared machine, waiting for a core is not something the bundle costs.
 */
export async function initRows(service: PackagedService, floorFile: string): Promise<Row[]> {
  const emptyFile = join(outDir, 'builds/empty.js');
  writeFileSync(emptyFile, '');
  const { env } = service.functions[0]!;
  const [empty, floor, ...functions] = await measureInit(
    [{ file: emptyFile, env }, { file: floorFile, env }, ...service.functions],
    runs.init,
  );
  return [
    { section: SECTION, measure: 'empty module (CPU, median)', figure: describeInit(empty!) },
    { section: SECTION, measure: 'floor (CPU, median)', figure: describeInit(floor!) },
    ...service.functions.map((fn, i): Row => {
      const ratio = pairedRatio(cpuOf(functions[i]!), cpuOf(floor!));
      return {
        section: SECTION,
        measure: `${fn.name} (CPU, median)`,
        figure: describeInit(functions[i]!),
        reference: ms(median(cpuOf(floor!))),
        ratio,
        target: atMost(ratio, targets.initRatio, 'floor'),
      };
    }),
  ];
}
