import { DependencyUnavailableError } from '../errors';

/** Error names the SDK does not always mark retryable but that are passing by nature. */
const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  // A write to an item a reset's transaction is writing at that moment (complete, revoke or the
  // sender's mark beside a new request for the same mailbox): the item is free again at once.
  'TransactionConflictException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether a failed AWS call may succeed if the caller simply tries again. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & { $retryable?: unknown; $fault?: string; code?: string };
  return Boolean(details.$retryable) || details.$fault === 'server' || TRANSIENT_NAMES.has(error.name) || NETWORK_CODES.has(details.code ?? '');
}

/**
 * Runs one AWS call (already retried by the SDK within its bounded attempts); if it still fails for a
 * passing reason, the caller gets a clean 503 to retry, and anything else goes on to the edge as a 500.
 */
export async function callAws<T>(dependency: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw isTransient(error) ? new DependencyUnavailableError(dependency, error) : error;
  }
}
