import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WireFormat } from '../../lib/wire/negotiate';
import { resetCustomerPassword, type OperationSpec } from '../../lib/wire/operations';
import { encodeJsvRequest } from '../../lib/wire/jsv';
import { encodeXmlRequest } from '../../lib/wire/xml';
import { send, UNISSUED_TOKEN, uniqueEmail, type HttpResult } from './support/http';
import { emailsTo } from './support/inbox';
import {
  acceptedFormats,
  cellName,
  expectedOutcome,
  inputFormats,
  responseFormatOf,
  routeRows,
  routesAndFormatsTable,
  statusOf,
  type InputFormat,
} from './support/route-format-table';

const golden = (name: string): string => readFileSync(join(__dirname, '../golden', name), 'utf8');
const MEDIA_TYPES: Readonly<Record<WireFormat, string>> = { json: 'application/json', xml: 'application/xml', jsv: 'text/jsv', csv: 'text/csv', html: 'text/html' };
/**
 * What each format answers as; JSV is `text/jsv` on `/jsv/reply/` only (JsvReplyHandler). The local
 * stack's HTTP server (hapi, under serverless offline) adds a charset to every `text/` type the
 * function names without one; API Gateway passes the function's header on as it is.
 */
const CONTENT_TYPES: Readonly<Record<WireFormat, string>> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml',
  jsv: 'application/jsv',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
const contentTypeAt = (path: string, format: WireFormat): string => (format === 'jsv' && /^\/jsv\/reply\//i.test(path) ? 'text/jsv; charset=utf-8' : CONTENT_TYPES[format]);

/** The request a client sends for one input format: path suffix, body and headers. */
function requestIn(operation: OperationSpec, input: InputFormat, value: string): { query: string; body?: string; headers: Record<string, string> } {
  const dto = { [operation.requestFields[0]!.name]: value };
  switch (input) {
    case 'json':
      return { query: '', body: JSON.stringify(dto), headers: { 'Content-Type': 'application/json' } };
    case 'xml':
      return { query: '', body: encodeXmlRequest(operation, dto), headers: { 'Content-Type': 'application/xml' } };
    case 'jsv':
      return { query: '', body: encodeJsvRequest(operation, dto), headers: { 'Content-Type': 'text/jsv' } };
    case 'form':
      return { query: '', body: new URLSearchParams(dto).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
    case 'query':
      return { query: `?${new URLSearchParams(dto)}`, headers: {} };
    case 'empty':
      return { query: '', headers: {} };
  }
}

/** A CSV error body's ResponseStatus column (its last field, quoted) as the JSV document of the DTO. */
function jsvOfCsv(body: string): string {
  const row = body.split('\r\n')[1]!;
  return `{ResponseStatus:${row.slice(row.indexOf('"{') + 1, -1).replace(/""/g, '"')}}`;
}

/** The top-level ErrorCode of an error body in any format. */
function errorCodeOf(body: string, format: WireFormat): string | undefined {
  if (format === 'csv') return errorCodeOf(jsvOfCsv(body), 'jsv');
  if (format === 'html') return /<tr><th>ErrorCode<\/th><td>([^<]*)<\/td>/.exec(body)?.[1];
  if (format === 'json') return (JSON.parse(body) as { ResponseStatus?: { ErrorCode?: string } }).ResponseStatus?.ErrorCode;
  if (format === 'jsv') return /^\{ResponseStatus:\{ErrorCode:([^,}]*)/.exec(body)?.[1];
  return /<(?:d2p1:)?ErrorCode>([^<]*)<\/(?:d2p1:)?ErrorCode>/.exec(body)?.[1];
}

/**
 * The ErrorCodes of an error body's field errors; null when `Errors` is missing or nil. ServiceStack
 * never leaves it null on an error: an empty list is `[]` in JSON and an empty element in XML.
 */
function fieldErrorCodesOf(body: string, format: WireFormat): string[] | null {
  if (format === 'csv') return fieldErrorCodesOf(jsvOfCsv(body), 'jsv');
  if (format === 'html') {
    // The Errors table: a header row, then one row per field error, its ErrorCode first.
    const errors = /<tr><th>Errors<\/th><td>(.*?)<\/td><\/tr><\/table><\/td><\/tr><\/table>/.exec(body)?.[1];
    return errors === undefined ? null : [...errors.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((m) => m[1]!);
  }
  if (format === 'json') {
    const errors = (JSON.parse(body) as { ResponseStatus?: { Errors?: { ErrorCode: string }[] } }).ResponseStatus?.Errors;
    return Array.isArray(errors) ? errors.map((e) => e.ErrorCode) : null;
  }
  if (format === 'jsv') {
    const errors = /,Errors:\[(.*?)\](?:,Meta:\{[^}]*\})?\}\}$/.exec(body)?.[1];
    return errors === undefined ? null : [...errors.matchAll(/\{ErrorCode:([^,}]*)/g)].map((m) => m[1]!);
  }
  if (/<(?:d2p1:)?Errors \/>/.test(body)) return [];
  const errors = /<(?:d2p1:)?Errors>(.*)<\/(?:d2p1:)?Errors>/.exec(body)?.[1];
  return errors === undefined ? null : [...errors.matchAll(/<(?:d2p1:)?ResponseError><(?:d2p1:)?ErrorCode>([^<]*)</g)].map((m) => m[1]!);
}

/** What every response carries, errors included: the negotiation and CORS headers. */
function expectCommonHeaders(response: HttpResult): void {
  expect(response.headers.get('vary')).toContain('Accept');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('access-control-allow-methods')).toContain('POST');
}

const cells = routeRows.flatMap((route) =>
  inputFormats.flatMap((input) => acceptedFormats.map((accept) => ({ name: cellName(route, input, accept), route, input, accept }))),
);

describe('routes and formats of every operation', () => {
  it.each(cells)('$name', async ({ route, input, accept }) => {
    const isReset = route.operation === resetCustomerPassword;
    const email = uniqueEmail(`cell-${input}`);
    const request = requestIn(route.operation, input, route.operation.readsToken ? UNISSUED_TOKEN : email);
    const format = responseFormatOf(route, accept);
    const outcome = expectedOutcome(route, input);

    const response = await send('POST', `${route.path}${request.query}`, request.body, { ...request.headers, Accept: MEDIA_TYPES[accept] });

    expect(response.headers.get('content-type')).toBe(contentTypeAt(route.path, format));
    expectCommonHeaders(response);
    if (outcome === 'ok') {
      expect(response.status).toBe(200);
      // A revoke of an address nobody asked a link for ends none.
      expect(response.body).toBe(golden(`${isReset ? 'reset-success' : 'revoke-none'}.${format}`));
      expect(await emailsTo(email)).toHaveLength(isReset ? 1 : 0);
    } else {
      expect(response.status).toBe(statusOf(outcome));
      expect(errorCodeOf(response.body, format)).toBe(outcome);
      expect(fieldErrorCodesOf(response.body, format)).toEqual(outcome === 'NotEmpty' ? ['NotEmpty'] : []);
      if (isReset) expect(await emailsTo(email)).toHaveLength(0);
    }
  });

  it('is the table docs/api.md lists', () => {
    expect(readFileSync(join(__dirname, '../../docs/api.md'), 'utf8')).toContain(routesAndFormatsTable());
  });
});

describe('errors outside the operation, with the negotiation and CORS headers', () => {
  const body = (size: number) => JSON.stringify({ Email: uniqueEmail('big'), Padding: 'x'.repeat(size) });
  const errorCases = [
    { name: '404 ErrorResponse (JSON) for an unknown operation', method: 'POST', path: '/json/reply/NoSuchRequest', status: 404, format: 'json', golden: 'not-found.json' },
    { name: '404 ErrorResponse (XML, by Accept) for an unknown path', method: 'POST', path: '/NoSuchOperation', accept: 'application/xml', status: 404, format: 'xml', golden: 'not-found.xml' },
    { name: '405 for GET on the custom route', method: 'GET', path: '/ResetCustomerPassword', status: 405, format: 'json', code: 'MethodNotAllowed' },
    { name: '405 for GET on a predefined route, in its format', method: 'GET', path: '/xml/reply/ResetCustomerPasswordRequest', status: 405, format: 'xml', code: 'MethodNotAllowed' },
    { name: '415 for text/plain on the custom route', method: 'POST', path: '/ResetCustomerPassword', contentType: 'text/plain', body: 'Email=a@example.com', status: 415, format: 'json', code: 'UnsupportedMediaType' },
    { name: '413 for a 17 KiB body', method: 'POST', path: '/ResetCustomerPassword', contentType: 'application/json', body: body(17 * 1024), status: 413, format: 'json', code: 'RequestEntityTooLarge' },
    { name: '413 for a 17 KiB body, in XML by Accept', method: 'POST', path: '/ResetCustomerPassword', contentType: 'application/json', accept: 'application/xml', body: body(17 * 1024), status: 413, format: 'xml', code: 'RequestEntityTooLarge' },
  ] as const satisfies readonly {
    name: string;
    method: string;
    path: string;
    status: number;
    format: WireFormat;
    accept?: string;
    contentType?: string;
    body?: string;
    golden?: string;
    code?: string;
  }[];

  it.each(errorCases)('$name', async (c) => {
    const headers: Record<string, string> = {};
    if ('accept' in c) headers.Accept = c.accept;
    if ('contentType' in c) headers['Content-Type'] = c.contentType;

    const response = await send(c.method, c.path, 'body' in c ? c.body : undefined, headers);

    expect(response.status).toBe(c.status);
    expect(response.headers.get('content-type')).toBe(CONTENT_TYPES[c.format]);
    expectCommonHeaders(response);
    if ('golden' in c) expect(response.body).toBe(golden(c.golden));
    if ('code' in c) expect(errorCodeOf(response.body, c.format)).toBe(c.code);
    expect(fieldErrorCodesOf(response.body, c.format)).toEqual([]);
  });
});
