/**
 * `npm run bench`: packages the service as `sls package` does, measures it against the floor the AWS
 * SDK sets, prints one table and writes it to bench/results.md. Exits non-zero if a target is missed.
 * `npm run bench -- init requests` runs those sections only, and writes no results file.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildEntry } from './build';
import { bundleRows } from './bundle-size';
import { initRows } from './cold-init';
import { decisionRows } from './decisions';
import { endToEndRows } from './end-to-end';
import { memoryRows } from './memory';
import { packageService } from './package';
import { requestRows } from './per-request';
import { floorEntries, requestFunction, senderFunction } from './scenarios';
import { outDir, resultsFile } from './settings';
import { renderTable } from './table';

function machine(): string {
  const cores = cpus();
  const memory = `${(totalmem() / 1024 ** 3).toFixed(0)} GB`;
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${memory}, ${platform()} ${arch()}; Node ${process.version}`;
}

/** The sections by the name `npm run bench -- <name>...` picks them with; all of them by default. */
type Section = 'bundle' | 'init' | 'requests' | 'end-to-end' | 'memory' | 'decisions';
const SECTIONS: readonly Section[] = ['bundle', 'init', 'requests', 'end-to-end', 'memory', 'decisions'];

async function main(): Promise<void> {
  const picked = process.argv.slice(2);
  const unknown = picked.filter((name) => !SECTIONS.includes(name as Section));
  if (unknown.length > 0) throw new Error(`no section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const runs = (section: Section) => picked.length === 0 || picked.includes(section);

  rmSync(join(outDir, 'builds'), { recursive: true, force: true });
  rmSync(join(outDir, 'variants'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'builds'), { recursive: true });

  const service = packageService();
  const fn = (name: string) => service.functions.find((f) => f.name === name) ?? failWith(`serverless.yml has no function ${name}`);
  const [reset, sender] = [fn(requestFunction), fn(senderFunction)];
  const builds = join(outDir, 'builds');
  const build = (entry: string) => buildEntry(entry, builds, service.esbuild);
  const floors = { http: await build(floorEntries.http), sender: await build(floorEntries.sender) };
  const floorFiles = { http: floors.http.file, sender: floors.sender.file };
  const stubs = { reset: (await build('bench/stubs/reset.ts')).file, sender: (await build('bench/stubs/sender.ts')).file };

  const rows = [
    ...(runs('bundle') ? await bundleRows(service, floors) : []),
    ...(runs('init') ? await initRows(service, floorFiles) : []),
    ...(runs('requests') ? await requestRows(reset, sender, floorFiles, stubs) : []),
    ...(runs('end-to-end') ? await endToEndRows() : []),
    ...(runs('memory') ? await memoryRows(reset, sender, floorFiles, stubs) : []),
    ...(runs('decisions') ? await decisionRows(reset, service.esbuild) : []),
  ];
  const report = `${machine()}; ${new Date().toISOString().slice(0, 10)}\n\n${renderTable(rows)}`;
  process.stdout.write(report);
  // Only a whole run is a result.
  if (picked.length === 0) writeFileSync(resultsFile, `# Benchmark results\n\nWritten by \`npm run bench\` (see docs/performance.md).\n\n${report}`);
  if (rows.some((row) => row.target?.met === false)) process.exitCode = 1;
}

function failWith(message: string): never {
  throw new Error(message);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
