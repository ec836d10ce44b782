// Mutation testing (`npm run mutation`, see docs/develop.md): StrykerJS changes the code one small
// fault at a time and runs the unit tests; a mutant that no test notices is a behaviour nothing pins
// down. scripts/mutation.js runs it one part (folder) at a time with a report and an incremental
// file per part; this file holds what every part shares.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const unit = require('./jest.config.js').projects.find((project) => project.displayName === 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // The unit project alone (fakes for the ports, no network), flattened: Stryker's per-test coverage
  // hooks into the top-level test environment, which a `projects` list would hide, and the other
  // projects would start the local stack. `projects: []` replaces the list read from jest.config.js
  // (an `undefined` would be lost on the way to Stryker's worker processes). Its transform is
  // @swc/jest, as in `npm test`.
  jest: {
    projectType: 'custom',
    // The tests that compile and run C# with Mono take seconds each and would run again for every
    // mutant they cover: the mutation run leaves them to `npm test`.
    config: { ...unit, projects: [], testPathIgnorePatterns: ['/node_modules/', 'dotnet[^/]*\\.test\\.ts$'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // swc does not type-check, so Stryker's `// @ts-nocheck` on every file is not needed; it would also
  // change the expected documents under tests/golden/types, which are read as text.
  disableTypeChecks: false,
  // The machine is shared: two test processes, not one per core.
  concurrency: 2,
  // A mutant that makes a loop endless is a kill by timeout; this bounds the wait on a busy machine.
  timeoutMS: 10_000,
  incremental: true,
  // Reports and incremental files live under reports/ (git-ignored; Stryker never copies it into
  // its sandbox). scripts/mutation.js sets the per-part file names.
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['.serverless', '.esbuild', '.build', 'bench/.out', 'coverage', '.test-output'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
