import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The one logger of the service (Powertools: structured JSON, Lambda context fields). Log level comes
 * from POWERTOOLS_LOG_LEVEL. Nothing secret is ever passed to it: no token, token hash, raw body or
 * full email address (see {@link maskEmail}).
 */
export const logger = new Logger({ serviceName: 'reset-customer-password' });

const SERVICE = 'reset-customer-password';

/**
 * Powertools Metrics warns whenever a dimension set repeats the default `service` dimension, which
 * {@link publishRequestMetrics} does on purpose on every request; those two warnings are dropped,
 * anything else it has to say goes to the service's logger.
 */
const metricsLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...content: unknown[]) => {
    const text = String(content[0]);
    if (!/^Dimension "service" has already been added|^EMF key "service" is defined as both/.test(text)) logger.warn(text);
  },
  error: (...content: unknown[]) => logger.error(String(content[0])),
};

/** CloudWatch metrics as EMF log lines (no API call on the request path); namespace, names and dimensions are the alarms' contract. */
export const metrics = new Metrics({ namespace: 'ResetCustomerPassword', serviceName: SERVICE, logger: metricsLogger });

export type MetricName =
  | 'EmailsSent'
  | 'EmailSendFailures'
  | 'RateLimited'
  | 'TokensVerified'
  | 'TokensConsumed'
  | 'TokensExpired'
  | 'ServerErrors';

/**
 * Publishes one request's metrics: `Requests` plus the given counts, each under the dimension set
 * `[service]` (what the alarms watch: CloudWatch matches dimensions exactly) and, when the request
 * named a brand, also under `[service, brand]`, in one EMF document.
 */
export function publishRequestMetrics(brand: string | undefined, names: readonly MetricName[]): void {
  if (brand) {
    metrics.addDimensions({ service: SERVICE });
    metrics.addDimensions({ brand });
  }
  metrics.addMetric('Requests', MetricUnit.Count, 1);
  for (const name of names) metrics.addMetric(name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
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
