import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiUrl } from './stack';

const run = promisify(execFile);

/** The DTO module the committed `clients/dtos.ts` types (it is this same tool's output). */
export type GeneratedDtos = typeof import('../clients/dtos');

/**
 * Runs one of `@servicestack/cli`'s tools (`typescript-ref`, `csharp-ref`) in `dir` as a developer
 * would, and answers what it printed. Its usage report to the vendor is switched off the documented
 * way, and proxies are dropped so it talks to the local stack only.
 */
export async function runServiceStackTool(tool: 'typescript-ref' | 'csharp-ref', dir: string, ...args: string[]): Promise<string> {
  const { HTTP_PROXY: _http, HTTPS_PROXY: _https, http_proxy: _lowerHttp, https_proxy: _lowerHttps, ...env } = process.env;
  const { stdout } = await run(process.execPath, [require.resolve(`@servicestack/cli/bin/${tool}.js`), ...args], {
    cwd: dir,
    env: { ...env, SERVICESTACK_TELEMETRY_OPTOUT: '1' },
  });
  return stdout;
}

/**
 * Compiles a file with tsc under `--strict` to CommonJS in `outDir`, from the file's own folder (as
 * a project of its own, with none of this project's type packages); rejects with tsc's errors.
 */
export async function compileStrict(dir: string, file: string, outDir: string): Promise<void> {
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '--strict', '--target', 'ES2022', '--module', 'commonjs', '--outDir', outDir, file], { cwd: dir });
}

/** Fetching with the tool and a tsc run on a shared 2-core machine: several seconds, more than a hook's default. */
export const FETCH_AND_COMPILE_MS = 60_000;

/** A new empty folder for a tool's output. */
export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'servicestack-ref-'));

/**
 * The TypeScript DTOs as a client project gets them: `typescript-ref <baseUrl> dtos.ts` against the
 * running stack, compiled with strict tsc and loaded. Answers the folder, the source and the module.
 */
export async function fetchTypeScriptDtos(): Promise<{ readonly dir: string; readonly source: string; readonly dtos: GeneratedDtos; readonly saved: string }> {
  const dir = scratchDir();
  const saved = await runServiceStackTool('typescript-ref', dir, apiUrl, 'dtos.ts');
  await compileStrict(dir, 'dtos.ts', 'out');
  const dtos = require(join(dir, 'out', 'dtos.js')) as GeneratedDtos;
  return { dir, source: readFileSync(join(dir, 'dtos.ts'), 'utf8'), dtos, saved };
}
