import { arch } from 'node:os';
import { join } from 'node:path';
import { buildEntry, type EsbuildSettings } from './build';
import { sizeOf } from './bundle-size';
import { cpuOf, measureInit, type InitSubject } from './cold-init';
import type { FunctionBundle } from './package';
import { outDir, runs } from './settings';
import { median, pairedRatio } from './stats';
import { kb, ms, type Row } from './table';

const SECTION = '6 Decisions';

const SOURCE_MAPS = '--enable-source-maps';

interface Variant extends InitSubject {
  readonly label: string;
}

/**
 * The choices docs/performance.md records, each measured against the function as built: the same entry
 * built with one setting changed (or, for source-mapped stack traces, loaded with NODE_OPTIONS' flag
 * switched the other way).
 */
export async function decisionRows(fn: FunctionBundle, settings: EsbuildSettings): Promise<Row[]> {
  const build = async (name: string, changed: Partial<EsbuildSettings>) =>
    (await buildEntry(fn.entry, join(outDir, 'variants', name), { ...settings, ...changed })).file;
  const embedsSources = settings.sourcesContent !== false;
  const deployedOptions = fn.env.NODE_OPTIONS ?? '';
  const mapsStacks = deployedOptions.includes(SOURCE_MAPS);
  const variants: Variant[] = [
    {
      // Required from node_modules, as the runtime's own copy would be.
      label: "AWS SDK from the runtime (exclude: ['@aws-sdk/*'])",
      file: await build('runtime-sdk', { exclude: [...(settings.exclude ?? []), '@aws-sdk/*'] }),
      env: fn.env,
    },
    { label: 'ES module output (format: esm, .mjs)', file: await build('esm', { format: 'esm' }), env: fn.env },
    { label: 'minify off', file: await build('unminified', { minify: false }), env: fn.env },
    {
      label: embedsSources ? 'source maps without sources (sourcesContent: false)' : 'source maps embedding sources (esbuild default)',
      file: await build('sources-content', { sourcesContent: !embedsSources }),
      env: fn.env,
    },
    {
      label: mapsStacks ? 'NODE_OPTIONS without --enable-source-maps' : 'NODE_OPTIONS=--enable-source-maps',
      file: fn.file,
      env: { ...fn.env, NODE_OPTIONS: mapsStacks ? deployedOptions.replace(SOURCE_MAPS, '').trim() : `${deployedOptions} ${SOURCE_MAPS}`.trim() },
    },
  ];
  const [asBuilt, ...times] = await measureInit([fn, ...variants], runs.initVariants);
  const builtSize = sizeOf(fn.file).bytes;
  const builtInit = median(cpuOf(asBuilt!));
  return [
    ...variants.map((variant, i): Row => {
      const size = sizeOf(variant.file).bytes;
      return {
        section: SECTION,
        measure: variant.label,
        figure: `${kb(size)} (${(size / builtSize).toFixed(2)}x), init ${ms(median(cpuOf(times[i]!)))} (${pairedRatio(cpuOf(times[i]!), cpuOf(asBuilt!)).toFixed(2)}x)`,
        reference: `as built: ${kb(builtSize)}, init ${ms(builtInit)}`,
      };
    }),
    {
      section: SECTION,
      measure: 'arm64 (Graviton)',
      figure: arch() === 'arm64' ? 'this machine is arm64: every figure above is' : `not measurable on this ${arch()} machine (see docs/performance.md)`,
    },
  ];
}
