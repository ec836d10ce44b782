import type { ChildProcess } from 'node:child_process';

/** SIGINT to serverless itself (not a wrapper), so it stops DynamoDB Local's Java process too. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { localStack?: ChildProcess }).localStack;
  if (!stack || stack.exitCode !== null) return;
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  stack.kill('SIGINT');
  const timer = setTimeout(() => stack.kill('SIGKILL'), 10_000);
  timer.unref();
  await exited;
  clearTimeout(timer);
}
