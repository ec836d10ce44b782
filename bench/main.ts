/**
 * `npm run bench`: packages the service as `sls package` does, measures it against the floor the AWS
 * SDK sets, prints one table and writes it to bench/results.md. Exits non-zero if a target is missed.
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
import { requestFunction } from './scenarios';
import { outDir, resultsFile } from './settings';
import { renderTable } from './table';

function machine(): string {
  const cores = cpus();
  const memory = `${(totalmem() / 1024 ** 3).toFixed(0)} GB`;
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${memory}, ${platform()} ${arch()}; Node ${process.version}`;
}

async function main(): Promise<void> {
  rmSync(join(outDir, 'builds'), { recursive: true, force: true });
  rmSync(join(outDir, 'variants'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'builds'), { recursive: true });

  const service = packageService();
  const fn = service.functions.find((f) => f.name === requestFunction);
  if (!fn) throw new Error(`serverless.yml has no function ${requestFunction}`);
  const builds = join(outDir, 'builds');
  const floor = await buildEntry('bench/floor.ts', builds, service.esbuild);
  const stubbed = await buildEntry('bench/stubbed-handler.ts', builds, service.esbuild);

  const rows = [
    ...(await bundleRows(service, floor)),
    ...(await initRows(service, floor.file)),
    ...(await requestRows(fn, floor.file, stubbed.file)),
    ...(await endToEndRows()),
    ...(await memoryRows(fn, floor.file, stubbed.file)),
    ...(await decisionRows(fn, service.esbuild)),
  ];
  const report = `${machine()}; ${new Date().toISOString().slice(0, 10)}\n\n${renderTable(rows)}`;
  process.stdout.write(report);
  writeFileSync(resultsFile, `# Benchmark results\n\nWritten by \`npm run bench\` (see docs/performance.md).\n\n${report}`);
  if (rows.some((row) => row.target?.met === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
