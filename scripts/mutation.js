'use strict';
// `npm run mutation [part...]`: StrykerJS over the unit tests, one part of lib/ at a time, each with
// its own report and incremental file under reports/mutation/<part>/ (an incremental file keeps the
// results of the files its last run mutated only, so parts must not share one). Parts: reset, wire,
// http, email, config; none named means all five, one after the other. Options after `--` go to
// Stryker (for example `-- --force` to ignore the incremental files).
//
// Stryker runs on the Node that runs this script: the project's own (22 or newer, as StrykerJS 10
// needs).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** What each part mutates: the use cases, the wire format, the edge, email rendering, configuration. */
const PARTS = {
  reset: ['lib/reset/**/*.ts'],
  wire: ['lib/wire/**/*.ts'],
  http: ['lib/http.ts'],
  email: ['lib/email/**/*.ts', '!lib/email/**/*.d.ts'],
  config: ['lib/config.ts'],
};

const root = path.resolve(__dirname, '..');
const stryker = path.join(path.dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');

/** The mutation score as Stryker reports it: killed and timed out over all valid mutants, in %. */
function scoreOf(reportFile) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { ...counts, valid, score: valid === 0 ? 100 : (100 * detected) / valid };
}

function main(argv) {
  const split = argv.indexOf('--');
  const named = split === -1 ? argv : argv.slice(0, split);
  const passThrough = split === -1 ? [] : argv.slice(split + 1);
  const unknown = named.filter((part) => !(part in PARTS));
  if (unknown.length > 0) {
    console.error(`unknown part(s): ${unknown.join(', ')}; parts are ${Object.keys(PARTS).join(', ')}`);
    return 2;
  }
  const parts = named.length > 0 ? named : Object.keys(PARTS);
  const results = [];
  for (const part of parts) {
    const out = path.join('reports', 'mutation', part);
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [
        stryker,
        'run',
        '--mutate', PARTS[part].join(','),
        '--incrementalFile', path.join(out, 'incremental.json'),
        ...passThrough,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (run.status !== 0) return run.status ?? 1;
    // Stryker's reporters write to reports/mutation/; each part keeps its own copy. A dry run
    // (`-- --dryRunOnly`) writes none.
    const written = ['mutation.html', 'mutation.json'].filter((report) => fs.existsSync(path.join(root, 'reports', 'mutation', report)));
    if (written.length === 0) continue;
    for (const report of written) {
      fs.renameSync(path.join(root, 'reports', 'mutation', report), path.join(root, out, report));
    }
    const minutes = (Date.now() - started) / 60_000;
    results.push({ part, minutes, ...scoreOf(path.join(root, out, 'mutation.json')) });
  }
  console.log('\npart    score   killed  timeout survived no-cov  ignored minutes');
  for (const r of results) {
    const cells = [r.Killed, r.Timeout, r.Survived, r.NoCoverage, r.Ignored].map((n) => String(n).padStart(7));
    console.log(`${r.part.padEnd(7)} ${r.score.toFixed(1).padStart(5)}%${cells.join(' ')} ${r.minutes.toFixed(1).padStart(7)}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
