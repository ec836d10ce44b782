import { build, type BuildOptions, type Metafile } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { root } from './settings';

/** serverless.yml's `custom.esbuild`: esbuild options plus serverless-esbuild's own `exclude` and `outputWorkFolder`. */
export type EsbuildSettings = BuildOptions & { readonly exclude?: readonly string[]; readonly outputWorkFolder?: string };

export interface Built {
  readonly file: string;
  readonly metafile: Metafile;
}

/** The source file of a handler module (`handlers/x` -> `handlers/x.ts`), as serverless-esbuild finds it. */
export function entryOf(handlerModule: string): string {
  const entry = ['.ts', '.js'].map((ext) => handlerModule + ext).find((file) => existsSync(join(root, file)));
  if (!entry) throw new Error(`No source file for handler module ${handlerModule}`);
  return entry;
}

/**
 * Builds an entry the way serverless-esbuild does with these settings: its `exclude` becomes
 * esbuild's `external`, and the bundle lands at the entry's own path under `outDir`, so even its
 * source map comment matches the packaged one.
 */
export async function buildEntry(entry: string, outDir: string, settings: EsbuildSettings): Promise<Built> {
  // outputWorkFolder only tells serverless-esbuild where to work; esbuild itself refuses it.
  const { exclude = [], outputWorkFolder: _workFolder, ...options } = settings;
  const result = await build({
    ...options,
    external: [...(options.external ?? []), ...exclude],
    absWorkingDir: root,
    entryPoints: [entry],
    outdir: join(outDir, dirname(entry)),
    // Node treats .js as CommonJS in this package, so an ES module bundle must be .mjs.
    ...(options.format === 'esm' ? { outExtension: { '.js': '.mjs' } } : {}),
    metafile: true,
    logLevel: 'silent',
  });
  const [file] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint !== undefined) ?? [];
  if (!file) throw new Error(`esbuild wrote no bundle for ${entry}`);
  return { file: join(root, file), metafile: result.metafile };
}

/** Bytes each package (or the project's own code) puts into a bundle, from esbuild's metafile. */
export function bytesByPackage(built: Built): Map<string, number> {
  const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = inPackage ? inPackage[1]! : `${relative(root, join(root, input)).split('/')[0]}/`;
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return sizes;
}
