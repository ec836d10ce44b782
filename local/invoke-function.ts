import type { InvokeResult } from './stream-poller';

/**
 * Invokes a function through serverless offline's Lambda endpoint (`invokeUrl`) with `Records`, as
 * Lambda's event source mappings do. Serverless offline answers a handler that threw with 200 and the
 * error in the payload (and `X-Amz-Function-Error`): both read as a function error; otherwise the
 * records the function reports as failed (ReportBatchItemFailures), by their item identifiers.
 */
export async function invokeFunction(invokeUrl: string, records: readonly unknown[]): Promise<InvokeResult> {
  // An invocation that never reached the function (serverless offline still starting) fails like one that threw.
  const response = await fetch(invokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Records: records }) }).catch(() => undefined);
  if (!response) return { functionError: 'InvokeFailed' };
  const text = await response.text();
  const payload = (text ? JSON.parse(text) : null) as { errorType?: string; errorMessage?: string; batchItemFailures?: { itemIdentifier: string }[] } | null;
  const error = response.headers.get('x-amz-function-error');
  if (!response.ok || error || payload?.errorMessage !== undefined || payload?.errorType !== undefined) return { functionError: error ?? payload?.errorType ?? 'Unhandled' };
  return { batchItemFailures: (payload?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier) };
}
