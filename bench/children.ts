import { execFile, fork } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkerJob } from './request-worker';
import { root, timeouts } from './settings';

/** How long loading one module took in a fresh process. */
export interface LoadTime {
  readonly wallMs: number;
  /** CPU time of the whole process while loading: what the load costs, whatever else the machine runs. */
  readonly cpuMs: number;
}

/** Loads `file` in a fresh Node process with exactly `env` (as Lambda gives a function only its own). */
export async function timeLoad(file: string, env: Readonly<Record<string, string>>): Promise<LoadTime> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bench/load-module.mjs'), file], {
    env,
    timeout: timeouts.childMs,
  });
  // The last line is the loader's; anything a module printed while loading comes before it.
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadTime;
}

/**
 * Runs a job in the request worker and returns what it sends back. Its stdout (the functions' log
 * lines) is discarded, as Lambda ships it elsewhere; its stderr is shown only if it fails.
 */
export function runWorker<Result>(job: WorkerJob, env: Readonly<Record<string, string>>, execArgv: string[] = []): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'request-worker.js'), [JSON.stringify(job)], {
      env,
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      timeout: timeouts.childMs,
    });
    let stderr = '';
    let result: { value: Result } | undefined;
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message) => (result = { value: message as Result }));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result.value);
      else reject(new Error(`The ${job.kind} worker failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-4000)}`));
    });
  });
}
