import { join, resolve } from 'node:path';
import { portsFromEnvironment } from '../scripts/local-stack-runner';

/** Every knob of the bench in one place: where things go, how many runs, and what counts as met. */

/** The compiled bench runs from bench/.out/bin; the project root is three levels up. */
export const root = resolve(__dirname, '../../..');
/** Build output, packaged bundles and logs (git-ignored). */
export const outDir = join(root, 'bench/.out');
export const resultsFile = join(root, 'bench/results.md');

/** The stage whose package is measured (its brand file is bundled). */
export const stage = 'dev';

export const targets = {
  /** Each function's minified bundle against its floor's bundle (issue 19). */
  bundleRatio: 1.1,
  /** Each function's cold init, as deployed (its NODE_OPTIONS included), against its floor's (issue 19). */
  initRatio: 1.1,
  /** A request or an email through the handler against its floor's bare replay of the same SDK calls. */
  requestRatio: 1.2,
  /**
   * The reset handler's own CPU per request, with send() stubbed: at most what it was before email
   * left the request path (53 us, issue 19).
   */
  handlerCpuMicros: 53,
  /** End to end, a reset's median latency against a verify's in the same run (issue 19). */
  resetOverVerifyP50: 2,
  /**
   * Heap growth (after a full GC) from the first to the last memory round, beyond the floor's own
   * growth over the same rounds (the SDK's and V8's warm-up). A leak of 64 bytes per request would
   * add 0.5 MB over the 8,000 requests in between.
   */
  heapGrowthOverFloorBytes: 512 * 1024,
};

export const runs = {
  /** Fresh processes per bundle for cold init, interleaved so drift hits every subject alike. */
  init: 30,
  /** Fewer for the reference variants in the decisions section. */
  initVariants: 20,
  /** Per-request loop: warm-up, then interleaved batches of sequential requests. */
  requestWarmup: 300,
  requestBatches: 25,
  requestBatchSize: 100,
  /** The stubbed handler is some 30 times faster: longer batches for the same timer resolution. */
  ownCpuBatches: 15,
  ownCpuBatchSize: 1_000,
  /** Memory: a warm-up, then rounds of requests in one process, 10,000 in all. */
  memoryWarmup: 2_000,
  memoryRounds: 5,
  memoryRoundSize: 2_000,
  /** End to end through serverless offline: a bounded load, resets and verifies in turn. */
  endToEndWarmup: 40,
  endToEndRequests: 400,
  endToEndConcurrency: 4,
};

/** Rate limits out of the way: every request of a bench or load run comes from one address, to one domain. */
export const UNLIMITED = 'customer:1000000/60,ip:1000000/300,domain:1000000/3600,global:1000000/3600';

/**
 * Local stack ports for the end-to-end section, apart from `npm start` (3000s) and the tests (3100s);
 * BENCH_API_PORT, BENCH_LAMBDA_PORT, BENCH_DYNAMODB_PORT, BENCH_SES_PORT and BENCH_PORTAL_PORT move them.
 */
export const endToEndPorts = portsFromEnvironment('BENCH_', { API_PORT: '3200', LAMBDA_PORT: '3202', DYNAMODB_PORT: '8200', SES_PORT: '8205', PORTAL_PORT: '8208' });

/**
 * serverless-esbuild's work folders for the bench's `sls package`, its end-to-end stack and the load test's stack: each its
 * own, apart from `.esbuild` (`npm start`, the tests), since serverless-esbuild empties its folder
 * when `sls` ends and would delete a bundle another stack is serving.
 */
export const esbuildWorkFolders = { package: 'bench/.out/esbuild-package', stack: 'bench/.out/esbuild-stack', load: 'bench/.out/esbuild-load' };

export const timeouts = {
  /** Any single child process (a cold load, a request loop) that takes longer has hung. */
  childMs: 180_000,
};
