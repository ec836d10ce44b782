import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of the service (Powertools: structured JSON, Lambda context fields). Log level comes
 * from POWERTOOLS_LOG_LEVEL. Nothing secret is ever passed to it: no token, token hash, raw body or
 * full email address (see {@link maskEmail}).
 */
export const logger = new Logger({ serviceName: 'reset-customer-password' });

/** Read once: the alarms and the functions take it from the same serverless.yml setting. */
const NAMESPACE = process.env.METRICS_NAMESPACE || 'ResetCustomerPassword';

export type MetricName =
  | 'EmailsSent'
  | 'EmailSendFailures'
  | 'RateLimited'
  | 'TokensVerified'
  | 'TokensConsumed'
  | 'TokensExpired'
  | 'ServerErrors';

/**
 * One request's metrics as CloudWatch embedded metric format, to be merged into that request's log
 * line: `Requests` plus the given counts, each under the dimension set `[service]` (what the alarms
 * watch: CloudWatch matches dimensions exactly) and, when the line names a brand, also under
 * `[service, brand]`. The `service` and `brand` values are the log line's own fields.
 *
 * One line per request carries both the log and the metrics, so there is one write, not two; and
 * the format is written here rather than with Powertools Metrics, which cost about 50 µs per request
 * and 15 KB of bundle (see README, Performance). The price: the request line is INFO, so a log level
 * above INFO would drop the metrics with it.
 */
export function requestMetrics(brand: string | undefined, names: readonly MetricName[], timestamp: number): Record<string, unknown> {
  const counts: Record<string, number> = { Requests: 1 };
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  const dimensions = brand ? [['service'], ['service', 'brand']] : [['service']];
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: dimensions, Metrics: Object.keys(counts).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    ...counts,
  };
}

/**
 * Masks an address for logs and for the portal: first character of the local part, then `***`, and
 * the domain (`j***@example.com`). Enough to tell customers apart in support, too little to harvest.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const EMAIL_PATTERN = /[^\s@<>,;:"'()[\]]+@[^\s@<>,;:"'()[\]]+/g;

/**
 * An error as it may be logged: its type and its message with every address masked (SES names the
 * unverified recipient in its error text). No stack for AWS errors, no request payloads.
 */
export function describeError(error: unknown): { errorName: string; errorMessage: string } {
  if (!(error instanceof Error)) return { errorName: typeof error, errorMessage: '' };
  return { errorName: error.name, errorMessage: error.message.replace(EMAIL_PATTERN, maskEmail) };
}
