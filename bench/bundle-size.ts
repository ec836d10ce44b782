import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEntry, bytesByPackage, type Built } from './build';
import type { PackagedService } from './package';
import { floorOf, type FloorName } from './scenarios';
import { outDir, targets } from './settings';
import { atMost, kb, type Row } from './table';

const SECTION = '1 Bundle';

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function sizeOf(file: string): BundleSize {
  const code = readFileSync(file);
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

const describeSize = (size: BundleSize): string => `${kb(size.bytes)} (gzip ${kb(size.gzipBytes)})`;

/** The packages that put the most bytes into a bundle beyond what the floor already has. */
function additions(built: Built, floor: Built): string {
  const floorSizes = bytesByPackage(floor);
  return [...bytesByPackage(built)]
    .map(([name, bytes]) => [name, bytes - (floorSizes.get(name) ?? 0)] as const)
    .filter(([, extra]) => extra >= 512)
    .sort((a, b) => b[1] - a[1])
    .map(([name, extra]) => `${name} ${kb(extra)}`)
    .join(', ');
}

/**
 * Each function's bundle as packaged, against its floor's. The function is also rebuilt here with the
 * same settings, for esbuild's metafile (what it adds over the floor) and to prove those settings
 * still build exactly what `sls package` ships, which the decisions section relies on.
 */
export async function bundleRows(service: PackagedService, floors: Readonly<Record<FloorName, Built>>): Promise<Row[]> {
  const rows: Row[] = Object.entries(floors).map(([name, floor]) => ({ section: SECTION, measure: `${name} floor, minified`, figure: describeSize(sizeOf(floor.file)) }));
  for (const fn of service.functions) {
    const rebuilt = await buildEntry(fn.entry, join(outDir, 'builds'), service.esbuild);
    if (!readFileSync(rebuilt.file).equals(readFileSync(fn.file))) {
      throw new Error(`Building ${fn.entry} with serverless.yml's esbuild settings no longer gives the packaged bundle`);
    }
    const floorName = floorOf(fn.name);
    const floor = floors[floorName];
    const size = sizeOf(fn.file);
    const ratio = size.bytes / sizeOf(floor.file).bytes;
    rows.push(
      { section: SECTION, measure: `${fn.name}, minified`, figure: describeSize(size), reference: `${floorName} floor`, ratio, target: atMost(ratio, targets.bundleRatio, 'floor') },
      { section: SECTION, measure: `${fn.name}: adds over the floor`, figure: additions(rebuilt, floor) },
    );
  }
  return rows;
}
