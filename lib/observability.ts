/**
 * Logs and metrics: JSON lines on stdout, which Lambda sends to CloudWatch Logs.
 *
 * Written here rather than with Powertools Logger and Metrics: both are small, documented JSON
 * formats, and the libraries cost more than the rest of what this service adds to a request
 * (measured, see docs/performance.md: the Logger about 20 KB of bundle, 4 to 8 ms of cold start and
 * 25 µs per line; Metrics about 15 KB and 50 µs per request). The fields keep the Powertools names
 * (`level`, `message`, `timestamp`, `service`, `xray_trace_id`), so queries written for them work.
 *
 * Nothing secret is ever passed here: no token, token hash, raw body or full email address
 * (see {@link maskEmail}).
 */
import { ServiceError } from './errors';

/** Read once: the alarms take both from the same serverless.yml settings. */
const SERVICE = process.env.SERVICE_NAME || 'reset-customer-password';
const NAMESPACE = process.env.METRICS_NAMESPACE || 'ResetCustomerPassword';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
type LogLevel = Exclude<(typeof LEVELS)[number], 'SILENT'>;

/** LOG_LEVEL, `INFO` when unset or unknown (a typo must not silence a production function). */
const configured = LEVELS.indexOf((process.env.LOG_LEVEL ?? '').toUpperCase() as LogLevel);
const threshold = configured >= 0 ? configured : LEVELS.indexOf('INFO');
const silent = LEVELS[threshold] === 'SILENT';
/**
 * LOG_FORMAT=pretty: short lines for a person at a terminal. Only `npm start` sets it; deployed
 * functions (and the integration tests' stack) write JSON, which the alarms and queries read.
 */
const pretty = (process.env.LOG_FORMAT ?? '').toLowerCase() === 'pretty';

/** Where every line goes. Replaceable by tests; LOG_LEVEL=SILENT (the unit tests) writes nothing. */
export const logSink = {
  write: (line: string): void => {
    if (!silent) process.stdout.write(`${line}\n`);
  },
};

type Fields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The fields every line starts with. The X-Ray trace root, which Lambda sets per invocation, ties a
 * diagnostic line to its request's line.
 */
function baseFields(level: LogLevel, message: string, now: number) {
  const trace = process.env._X_AMZN_TRACE_ID;
  return { level, message, timestamp: new Date(now).toISOString(), service: SERVICE, xray_trace_id: trace?.split(';', 1)[0]?.replace('Root=', '') };
}

/** `12:34:56.789`: the local time of day, enough to follow a terminal. */
function timeOfDay(now: number): string {
  const date = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** The defined field values, space-separated, as `name=value` when `named`. */
function fieldText(fields: Fields, named: boolean): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') parts.push(named ? `${name}=${value}` : String(value));
  return parts.join(' ');
}

function log(level: LogLevel, message: string, fields: Fields): void {
  if (LEVELS.indexOf(level) < threshold) return;
  const now = Date.now();
  logSink.write(pretty ? `${timeOfDay(now)} ${level} ${message} ${fieldText(fields, true)}`.trimEnd() : JSON.stringify({ ...baseFields(level, message, now), ...fields }));
}

/** Diagnostic lines, dropped below LOG_LEVEL. Each request's own line is {@link writeRequestRecord}'s. */
export const logger = {
  warn: (message: string, fields: Fields = {}): void => log('WARN', message, fields),
  error: (message: string, fields: Fields = {}): void => log('ERROR', message, fields),
};

export type MetricName =
  | 'EmailsQueued'
  | 'EmailsSent'
  | 'EmailsSuperseded'
  | 'EmailsGivenUp'
  | 'EmailsRejected'
  | 'EmailSendFailures'
  | 'EmailsDelayed'
  | 'NoAccountNotices'
  | 'UnknownAddresses'
  | 'RateLimited'
  | 'TokensVerified'
  | 'TokensConsumed'
  | 'TokensRevoked'
  | 'TokensExpired'
  | 'ServerErrors';

type MetricDirective = ReadonlyArray<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: 'Count' }> }>;

/** The `CloudWatchMetrics` part depends only on the metric names and whether a brand is known: built once each. */
const directives = new Map<string, MetricDirective>();

function directiveOf(withBrand: boolean, names: readonly string[]): MetricDirective {
  const key = `${withBrand}:${names.join()}`;
  let directive = directives.get(key);
  if (!directive) {
    const Dimensions = withBrand ? [['service'], ['service', 'brand']] : [['service']];
    directive = [{ Namespace: NAMESPACE, Dimensions, Metrics: names.map((Name) => ({ Name, Unit: 'Count' as const })) }];
    directives.set(key, directive);
  }
  return directive;
}

/**
 * A request's one line: its log fields and its metrics together, as a CloudWatch embedded-metric-format
 * document (CloudWatch extracts the metrics; Logs Insights queries the rest). The metrics are `base`
 * (`Requests` for an API request, `Emails` for a queued email the sender handled) plus the given
 * counts, each under the dimension set `[service]` (what the alarms watch: CloudWatch matches
 * dimensions exactly) and, when the fields name a `brand`, also `[service, brand]`.
 */
export function requestRecord(fields: Fields, metrics: readonly MetricName[], now: number, base: 'Requests' | 'Emails' = 'Requests'): string {
  const counts: Record<string, number> = { [base]: 1 };
  for (const name of metrics) counts[name] = (counts[name] ?? 0) + 1;
  const withBrand = typeof fields.brand === 'string' && fields.brand !== '';
  return JSON.stringify({
    _aws: { Timestamp: now, CloudWatchMetrics: directiveOf(withBrand, Object.keys(counts)) },
    ...baseFields('INFO', base === 'Requests' ? 'request' : 'email', now),
    ...fields,
    ...counts,
  });
}

/**
 * A request's line for a person (LOG_FORMAT=pretty): time, operation, outcome, status, latency, then
 * error code, brand and masked address when there are any, e.g.
 * `12:34:56.789 ResetCustomerPasswordRequest ok 200 8.2ms PumpAlarm j***@example.com sent`.
 * No metrics: nothing reads them locally.
 */
export function prettyRequestLine(fields: Fields, now: number): string {
  const { operation, outcome, status, latencyMs, requestId: _requestId, ...rest } = fields;
  const latency = latencyMs === undefined ? undefined : `${latencyMs}ms`;
  return `${timeOfDay(now)} ${fieldText({ operation, outcome, status, latency, ...rest }, false)}`;
}

/**
 * Writes a request's line whatever LOG_LEVEL says, but SILENT: it carries the metrics the alarms
 * watch. JSON ({@link requestRecord}, with `base` as there) unless LOG_FORMAT=pretty ({@link prettyRequestLine}).
 */
export function writeRequestRecord(fields: Fields, metrics: readonly MetricName[], base: 'Requests' | 'Emails' = 'Requests'): void {
  logSink.write(pretty ? prettyRequestLine(fields, Date.now()) : requestRecord(fields, metrics, Date.now(), base));
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

/** Our errors go by their code (the bundle minifies class names); others, AWS's included, by their name. */
const errorNameOf = (error: Error): string => (error instanceof ServiceError ? error.errorCode : error.name);
const maskEmails = (text: string): string => text.replace(EMAIL_PATTERN, maskEmail);

/**
 * An error as it may be logged: its name and its message with every address masked (SES names the
 * unverified recipient in its error text), and the same of its cause, so a 503 is logged with the
 * AWS error behind it. No stack, no request payloads.
 */
export function describeError(error: unknown): { errorName: string; errorMessage: string; causeName?: string; causeMessage?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error, errorMessage: '' };
  const described = { errorName: errorNameOf(error), errorMessage: maskEmails(error.message) };
  const { cause } = error;
  return cause instanceof Error ? { ...described, causeName: errorNameOf(cause), causeMessage: maskEmails(cause.message) } : described;
}
