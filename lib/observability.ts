import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of the service (Powertools: structured JSON, Lambda context fields). Log level comes
 * from POWERTOOLS_LOG_LEVEL. Nothing secret is ever passed to it: no token, token hash, raw body or
 * full email address (see {@link maskEmail}).
 */
export const logger = new Logger({ serviceName: 'reset-customer-password' });

const SERVICE = 'reset-customer-password';
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
 * One request's metrics as a CloudWatch embedded-metric-format document: `Requests` plus the given
 * counts, each under the dimension set `[service]` (what the alarms watch: CloudWatch matches
 * dimensions exactly) and, when the request named a brand, also under `[service, brand]`.
 *
 * Written by hand rather than with Powertools Metrics: EMF is a small, documented JSON format, and
 * Powertools Metrics cost about 50 µs per request and 15 KB of bundle here (see README, Performance).
 * A line of its own, not fields of the request's log line: the Powertools Logger deep-merges nested
 * attributes, and that cost more than the second write (measured: 5 to 10 µs per request).
 */
export function emfDocument(brand: string | undefined, names: readonly MetricName[], timestamp: number): string {
  const counts: Record<string, number> = { Requests: 1 };
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  const dimensions = brand ? [['service'], ['service', 'brand']] : [['service']];
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: dimensions, Metrics: Object.keys(counts).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    service: SERVICE,
    ...(brand ? { brand } : {}),
    ...counts,
  });
}

/**
 * Where metric documents go: Lambda sends stdout to CloudWatch Logs, which extracts the metrics.
 * Replaceable by tests; METRICS_DISABLED=true silences it (unit tests).
 */
export const metricsSink = {
  write: (line: string): void => {
    if (process.env.METRICS_DISABLED !== 'true') process.stdout.write(`${line}\n`);
  },
};

/** Publishes one request's metrics (see {@link emfDocument}). */
export function publishRequestMetrics(brand: string | undefined, names: readonly MetricName[]): void {
  metricsSink.write(emfDocument(brand, names, Date.now()));
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
