/**
 * `load` run once and its result shared by every later call, unless it fails: a failure goes to the
 * calls that awaited it, and the next call runs `load` again. For what a function reads once per
 * instance over the network (a secret), so a passing outage fails some requests, not the instance.
 */
export function cachedUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
