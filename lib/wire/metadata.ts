import { escapeHtml } from '../escape-html';
import { encodeJsonResponse } from './json';
import type { FieldSpec, OperationSpec, RequestDto, ResponseMembers } from './operations';
import { UNEXPECTED_ERROR, type ResponseStatus } from './response-status';
import { routesOf } from './routes';
import { encodeXmlRequest, encodeXmlResponse } from './xml';

/** The verbs every operation's route takes, as the page, and the native types' [Route], list them. */
export const ROUTE_VERBS = 'POST,OPTIONS';

/** The placeholder ServiceStack's metadata pages put in every sample value. */
const PLACEHOLDER = 'String';
/** A DateTime's sample: .NET's default DateTime, in the ISO 8601 UTC form the service writes. */
const DATE_PLACEHOLDER = '0001-01-01T00:00:00.000Z';

/** A sample request and response of one operation in one format, exactly as the encoders write them. */
export interface SampleExchange {
  readonly path: string;
  readonly contentType: string;
  readonly request: string;
  readonly response: string;
}

/** An int's sample: .NET's default Int32, as ServiceStack's metadata pages show it. */
const INT_PLACEHOLDER = 0;

const placeholderOf = (field: FieldSpec): string | number =>
  field.type === 'DateTime' ? DATE_PLACEHOLDER : field.type === 'int' ? INT_PLACEHOLDER : PLACEHOLDER;

const placeholders = (fields: readonly FieldSpec[]): Record<string, string | number> => Object.fromEntries(fields.map((f) => [f.name, placeholderOf(f)]));

/**
 * A member's type as the page's Data Type column names it, in C#'s spelling: a value type (DateTime,
 * int) that may be absent (every response member: errors leave them empty) is nullable (`DateTime?`,
 * `int?`), as in the generated DTOs.
 */
export function dataTypeOf(field: FieldSpec): string {
  if (field.type !== 'DateTime' && field.type !== 'int') return 'string';
  return field.required ? field.type : `${field.type}?`;
}

/** One status an operation can answer with an error body, as the page and OpenAPI describe it. */
export interface ErrorDescription {
  readonly status: number;
  readonly errorCode: string;
  readonly when: string;
  /** Whether the response carries Retry-After (seconds to wait before trying again). */
  readonly retryAfter: boolean;
}

/**
 * The errors an operation can answer, each with the operation's response DTO and ResponseStatus
 * filled, one per status (as OpenAPI keys them): what every operation can meet, the token's codes
 * where it reads one, 429 where requests count against rate limits, and 503 when DynamoDB or SES
 * fails for a moment (every operation calls one of them). docs/api.md, "Errors", has them all.
 */
export function errorsOf(operation: OperationSpec): readonly ErrorDescription[] {
  const badRequest = operation.readsToken
    ? { errorCode: 'the failed validator, TokenNotFound, TokenExpired, TokenUsed or SerializationException', when: 'Validation failed, the link cannot be used, or the body could not be read' }
    : { errorCode: 'the failed validator, or SerializationException', when: 'Validation failed or the body could not be read' };
  return [
    { status: 400, ...badRequest, retryAfter: false },
    { status: 403, errorCode: 'Forbidden', when: 'A browser request sent cross-site from an origin the stage does not list', retryAfter: false },
    { status: 405, errorCode: 'MethodNotAllowed', when: 'A method other than POST', retryAfter: false },
    { status: 413, errorCode: 'RequestEntityTooLarge', when: 'A body over 16 KiB', retryAfter: false },
    { status: 415, errorCode: 'UnsupportedMediaType', when: 'A body that is neither JSON, XML nor a form', retryAfter: false },
    ...(operation.rateLimited
      ? [{ status: 429, errorCode: 'TooManyRequests', when: "Over one of the brand's rate limits (per customer mailbox, per client IP, per recipient domain, stage-wide), or after waiting in vain for another request of the same mailbox", retryAfter: true }]
      : []),
    { status: 500, errorCode: UNEXPECTED_ERROR.errorCode, when: `An unexpected error, whatever it was: always the message '${UNEXPECTED_ERROR.message}'`, retryAfter: false },
    { status: 503, errorCode: 'ServiceUnavailable', when: 'DynamoDB or SES is unavailable for a moment', retryAfter: true },
  ];
}

/** A ResponseStatus with every member filled, as the seed page's sample response shows it. */
const sampleStatus: ResponseStatus = {
  errorCode: PLACEHOLDER,
  message: PLACEHOLDER,
  errors: [{ errorCode: PLACEHOLDER, fieldName: PLACEHOLDER, message: PLACEHOLDER }],
};

/**
 * The JSON and XML samples of an operation, made by the same encoders the service answers with (and
 * the XML request as a ServiceStack XmlServiceClient writes it), so the page cannot show a format the
 * service does not speak.
 */
export function sampleExchanges(operation: OperationSpec): { readonly json: SampleExchange; readonly xml: SampleExchange } {
  // Requests travel as text whatever the member's type (the decoders read strings).
  const request: RequestDto = Object.fromEntries(Object.entries(placeholders(operation.requestFields)).map(([name, value]) => [name, String(value)]));
  const members: ResponseMembers = placeholders(operation.responseFields);
  return {
    json: {
      path: `/json/reply/${operation.requestName}`,
      contentType: 'application/json',
      request: JSON.stringify(request),
      response: encodeJsonResponse(members, sampleStatus),
    },
    xml: {
      path: `/xml/reply/${operation.requestName}`,
      contentType: 'application/xml',
      request: encodeXmlRequest(operation, request),
      response: encodeXmlResponse(operation, members, sampleStatus),
    },
  };
}

/**
 * Indents the XML the encoders write (elements and text only, no mixed content) for reading; an
 * element holding only text stays on one line, as in the seed page's samples.
 */
export function indentXml(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  const pad = () => '  '.repeat(depth);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const [text, close] = [tokens[i + 1], tokens[i + 2]];
    if (token.startsWith('<?')) lines.push(token);
    else if (token.startsWith('</')) {
      depth--;
      lines.push(pad() + token);
    } else if (token.endsWith('/>')) lines.push(pad() + token);
    else if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
      lines.push(pad() + token + text + close);
      i += 2;
    } else {
      lines.push(pad() + token);
      depth++;
    }
  }
  return lines.join('\n');
}

const indentJson = (json: string): string => JSON.stringify(JSON.parse(json), null, 2);

const parameterTable = (title: string, rows: readonly (readonly [string, string, string, boolean, string])[]): string =>
  `<h3>${escapeHtml(title)} Parameters:</h3>\n<table>\n<thead><tr><th>Name</th><th>Parameter</th><th>Data Type</th><th>Required</th><th>Description</th></tr></thead>\n<tbody>\n` +
  rows
    .map(([name, where, type, required, description]) =>
      `<tr><td>${[name, where, type, required ? 'Yes' : 'No', description].map(escapeHtml).join('</td><td>')}</td></tr>`,
    )
    .join('\n') +
  '\n</tbody>\n</table>';

function httpSample(host: string, sample: SampleExchange, indent: (text: string) => string): string {
  const request = `POST ${sample.path} HTTP/1.1\nHost: ${host}\nContent-Type: ${sample.contentType}\nContent-Length: length\n\n${indent(sample.request)}`;
  const response = `HTTP/1.1 200 OK\nContent-Type: ${sample.contentType}\nContent-Length: length\n\n${indent(sample.response)}`;
  return `<pre class="request">${escapeHtml(request)}</pre>\n<pre class="response">${escapeHtml(response)}</pre>`;
}

function errorTable(operation: OperationSpec): string {
  const rows = errorsOf(operation)
    .map(({ status, errorCode, when, retryAfter }) => `<tr><td>${status}</td><td>${escapeHtml(errorCode)}</td><td>${escapeHtml(when)}${retryAfter ? '; <code>Retry-After</code> gives the seconds to wait' : ''}</td></tr>`)
    .join('\n');
  return (
    `<h3>Errors</h3>\n<p>An error answers with ${escapeHtml(operation.responseName)}, its ResponseStatus filled.</p>\n` +
    `<table class="errors">\n<thead><tr><th>Status</th><th>ErrorCode</th><th>When</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
  );
}

function operationSection(operation: OperationSpec, host: string): string {
  const samples = sampleExchanges(operation);
  const routes = routesOf(operation)
    .map((route) => `<tr><th>${ROUTE_VERBS}</th><td>${escapeHtml(route)}</td></tr>`)
    .join('\n');
  const requestRows = operation.requestFields.map((f) => [f.name, 'body', dataTypeOf(f), f.required, f.description] as const);
  const responseRows = [
    ...operation.responseFields.map((f) => [f.name, 'body', dataTypeOf(f), f.required, f.description] as const),
    ['ResponseStatus', 'form', 'ResponseStatus', false, 'Filled on errors: ErrorCode, Message and one ResponseError per failed field'] as const,
  ];
  const id = escapeHtml(operation.requestName);
  return [
    `<section id="${id}">`,
    `<h2>${id}</h2>`,
    `<p>${escapeHtml(operation.description)}</p>`,
    operation.requiresApiKey ? `<p>Requires the portal's API key in the <code>x-api-key</code> header.</p>` : '',
    `<p>The following routes are available for this service:</p>\n<table class="routes">\n${routes}\n</table>`,
    parameterTable(operation.requestName, requestRows),
    parameterTable(operation.responseName, responseRows),
    errorTable(operation),
    '<p>To override the Content-type in your clients, use the HTTP Accept Header, append the .xml suffix or ?format=xml</p>',
    '<h3>HTTP + JSON</h3>\n<p>The following are sample HTTP requests and responses. The placeholders shown need to be replaced with actual values.</p>',
    httpSample(host, samples.json, indentJson),
    '<h3>HTTP + XML</h3>\n<p>The following are sample HTTP requests and responses. The placeholders shown need to be replaced with actual values.</p>',
    httpSample(host, samples.xml, indentXml),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

const STYLE =
  'body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0}' +
  'th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left}pre{background:#f6f6f6;padding:.8em;overflow:auto}';

/**
 * The metadata page, shaped like ServiceStack's (the seed page): the operations, then for each its
 * description, routes, request and response parameters and sample JSON and XML exchanges. `host`
 * (the caller's Host header) only fills the samples' Host line; every inserted value is escaped.
 */
export function renderMetadataPage(operations: readonly OperationSpec[], host: string): string {
  const list = operations.map((op) => `<li><a href="#${escapeHtml(op.requestName)}">${escapeHtml(op.requestName)}</a></li>`).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>Registrar Web Services</title>',
    `<style>${STYLE}</style></head>`,
    '<body>',
    '<h1>Registrar Web Services</h1>',
    '<p>The following operations are supported. An OpenAPI 3 description is at <a href="openapi.json">openapi.json</a>.</p>',
    `<h2>Operations</h2>\n<ul>\n${list}\n</ul>`,
    ...operations.map((op) => operationSection(op, host)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
