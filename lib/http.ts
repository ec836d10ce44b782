import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpConfig } from './config';
import { isUnlistedCrossSite } from './cross-site';
import { BatchTooLargeError, CrossSiteRequestError, MethodNotAllowedError, NotFoundError, SerializationError } from './errors';
import { describeError, logger, writeRequestRecord, type MetricName } from './observability';
import { decodeBody } from './wire/body';
import { decodeFormRequest, mergeQuery } from './wire/form';
import { decodeJsonBatch, decodeJsonRequest, encodeJsonResponse, type JsonCase } from './wire/json';
import { decodeJsvBatch, decodeJsvRequest, encodeJsvList, encodeJsvResponse } from './wire/jsv';
import { decodeMultipartRequest } from './wire/multipart';
import { encodeCsvList, encodeCsvResponse } from './wire/csv';
import { encodeHtmlList, encodeHtmlResponse, HTML_HEADERS } from './wire/html';
import { bodyFormat, responseFormat, type WireFormat } from './wire/negotiate';
import { errorResponse, type OperationSpec, type RequestDto, type ResponseMembers, type ResponseShape } from './wire/operations';
import { toResponseStatus, type ResponseStatus } from './wire/response-status';
import { matchRoute, shapeOfPath, type MatchedRoute } from './wire/routes';
import { decodeXmlBatch, decodeXmlRequest, encodeXmlList, encodeXmlResponse } from './wire/xml';

/** Far below API Gateway's 10 MB: these requests are a few short strings. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The most requests one auto-batched call may hold. They run one after another, as ServiceStack runs
 * them; each is at most a few DynamoDB calls of bounded time (lib/adapters/aws-clients.ts), so ten
 * end well inside the function's 20 s timeout, and a batch spends at most ten of the client's requests.
 */
export const MAX_BATCH_REQUESTS = 10;

/** What a use case learns about the HTTP request besides its DTO. */
export interface RequestInfo {
  readonly sourceIp: string | undefined;
  readonly acceptLanguage: string | undefined;
  readonly requestId: string | undefined;
}

/** What a use case returns to the edge: response members, and what may be logged and counted. */
export interface OperationResult {
  readonly members?: ResponseMembers;
  /** Log fields; a `brand` field also becomes the metrics' brand dimension. */
  readonly log?: Readonly<Record<string, string>>;
  readonly metrics?: readonly MetricName[];
}

/** The counts a failure stands for, read off the error the edge maps. */
function failureMetrics(statusCode: number, errorCode: string): MetricName[] {
  const names: MetricName[] = [];
  if (statusCode === 429) names.push('RateLimited');
  if (statusCode >= 500) names.push('ServerErrors');
  if (errorCode === 'TokenExpired') names.push('TokensExpired');
  return names;
}

export type OperationHandler = (dto: RequestDto, request: RequestInfo) => Promise<OperationResult>;

/** An operation served by a function: its DTO definition and the use case behind it. */
export interface OperationBinding {
  readonly spec: OperationSpec;
  readonly run: OperationHandler;
}

const ALLOWED_METHODS = 'POST, OPTIONS';
const CORS_METHODS = 'GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD';

/** The request's headers by lower-cased name, read once: HTTP names are case-insensitive and API Gateway keeps the caller's case. */
function headersOf(event: APIGatewayProxyEvent): Readonly<Record<string, string | undefined>> {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(event.headers ?? {})) headers[key.toLowerCase()] = value ?? undefined;
  return headers;
}

/** ServiceStack's CORS defaults, with the allowed origins configurable per stage. */
function corsHeaders(config: HttpConfig, origin: string | undefined): Record<string, string> {
  const common = { 'Access-Control-Allow-Methods': CORS_METHODS, 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' };
  if (config.corsAllowedOrigins === '*') return { 'Access-Control-Allow-Origin': '*', Vary: 'Accept', ...common };
  // Echoing an origin makes the response depend on it: caches must know.
  const allowed = origin !== undefined && config.corsAllowedOrigins.includes(origin);
  return allowed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Accept, Origin', ...common } : { Vary: 'Accept, Origin', ...common };
}

/** `?jsconfig=EmitCamelCaseNames:true` (or its short form `eccn`, or `TextCase:CamelCase`) asks for camelCase. */
function jsonCaseOf(jsconfig: string | undefined): JsonCase | undefined {
  const settings = jsconfig?.toLowerCase().split(',').map((s) => s.trim()) ?? [];
  const camel = settings.some((s) => s === 'emitcamelcasenames:true' || s === 'eccn' || s === 'eccn:true' || s === 'textcase:camelcase');
  return camel ? 'camel' : undefined;
}

function decodeRequest(event: APIGatewayProxyEvent, route: MatchedRoute, contentType: string | undefined): RequestDto {
  const body = decodeBody(event.body, event.isBase64Encoded, contentType, MAX_BODY_BYTES);
  const operation = route.operation;
  const fromBody = (() => {
    switch (bodyFormat(route, contentType, body)) {
      case 'empty':
        return {};
      case 'form':
        return decodeFormRequest(body, operation);
      case 'multipart':
        return decodeMultipartRequest(body, contentType!, operation);
      case 'json':
        return decodeJsonRequest(body, operation);
      case 'xml':
        return decodeXmlRequest(body, operation);
      case 'jsv':
        return decodeJsvRequest(body, operation);
    }
  })();
  return mergeQuery(route.kind, fromBody, event.queryStringParameters, operation);
}

/**
 * The response's media type. ServiceStack appends a charset to JSON only (`AppendUtf8CharsetOnContentTypes`);
 * its `/jsv/reply/` handler answers `text/jsv`, while `?format=jsv`, Accept and `/jsv/oneway/` give
 * `application/jsv` (`JsvReplyHandler`, `ContentTypes.GetFormatContentType`).
 */
function mediaTypeOf(format: WireFormat, route: Pick<MatchedRoute, 'endpoint' | 'pathFormat'> | undefined, formatParam: string | undefined): string {
  if (format === 'json') return 'application/json; charset=utf-8';
  if (format === 'xml') return 'application/xml';
  if (format === 'csv') return 'text/csv';
  if (format === 'html') return 'text/html; charset=utf-8';
  return route?.endpoint === 'reply' && route.pathFormat === 'jsv' && formatParam?.trim().toLowerCase() !== 'jsv' ? 'text/jsv' : 'application/jsv';
}

function encode(format: WireFormat, shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined, jsonCase: JsonCase | undefined): string {
  if (format === 'xml') return encodeXmlResponse(shape, members, status);
  if (format === 'jsv') return encodeJsvResponse(shape, members, status);
  if (format === 'csv') return encodeCsvResponse(shape, members, status);
  if (format === 'html') return encodeHtmlResponse(shape, members, status);
  return encodeJsonResponse(members, status, jsonCase);
}

/**
 * Headers a format adds: the HTML page's security headers; and on a CSV answer that succeeded, the
 * `Content-Disposition` ServiceStack's CsvFormat adds so browsers save it as `{Request}.csv` (its
 * response filter does not run for errors).
 */
function formatHeaders(format: WireFormat, route: MatchedRoute | undefined, failed: boolean): Readonly<Record<string, string>> {
  if (format === 'html') return HTML_HEADERS;
  if (format === 'csv' && route && !failed) return { 'Content-Disposition': `attachment;filename="${route.operation.requestName}.csv"` };
  return {};
}

/**
 * The request DTOs of an auto-batched call (`/{json|xml|jsv}/reply/{Request}[]`): a JSON array, a
 * DataContract `ArrayOf{Request}` or a JSV list, read in the route's format whatever the Content-Type
 * says; an empty body is an empty list. No query string merges in (ServiceStack's array DTO has no
 * properties to fill). A form is one request, not a list: 400. More than {@link MAX_BATCH_REQUESTS}: 400.
 */
function decodeBatch(event: APIGatewayProxyEvent, route: MatchedRoute, contentType: string | undefined): RequestDto[] {
  const body = decodeBody(event.body, event.isBase64Encoded, contentType, MAX_BODY_BYTES);
  const requests = (() => {
    switch (bodyFormat(route, contentType, body)) {
      case 'empty':
        return [];
      case 'json':
        return decodeJsonBatch(body, route.operation);
      case 'xml':
        return decodeXmlBatch(body, route.operation);
      case 'jsv':
        return decodeJsvBatch(body, route.operation);
      case 'form':
      case 'multipart':
        throw new SerializationError(`An auto-batched request is a list of ${route.operation.requestName}; a form holds only one`);
    }
  })();
  if (requests.length > MAX_BATCH_REQUESTS) throw new BatchTooLargeError(MAX_BATCH_REQUESTS);
  return requests;
}

/** A batch's answer: every response DTO, in the order of the requests. */
function encodeList(format: WireFormat, shape: ResponseShape, answers: readonly ResponseMembers[], jsonCase: JsonCase | undefined): string {
  if (format === 'xml') return encodeXmlList(shape, answers);
  if (format === 'csv') return encodeCsvList(shape, answers);
  if (format === 'html') return encodeHtmlList(shape, answers);
  const items = answers.map((members) => encode(format, shape, members, undefined, jsonCase));
  return format === 'jsv' ? encodeJsvList(items) : `[${items.join(',')}]`;
}

/**
 * The edge of every function: route the request to one of its operations as ServiceStack would,
 * decode the DTO, run the use case, encode the response in the negotiated format, map every error
 * to a ResponseStatus, and log one line. Only this function turns errors into HTTP responses.
 */
export function createHttpHandler(config: HttpConfig, bindings: readonly OperationBinding[]) {
  const operations = bindings.map((binding) => binding.spec);
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const headers = headersOf(event);
    const cors = corsHeaders(config, headers.origin);
    const route = matchRoute(event.path, operations);
    if (route && event.httpMethod === 'OPTIONS') return { statusCode: 200, headers: cors, body: '' };

    const query = event.queryStringParameters;
    const requestType = headers['content-type'];
    // A path no operation lives at is still answered in the format it names.
    const pathShape = route ?? shapeOfPath(event.path);
    const format = responseFormat(pathShape, { formatParam: query?.format, accept: headers.accept, contentType: requestType });
    const shape: ResponseShape = route?.operation ?? errorResponse;
    let statusCode = 200;
    let members: ResponseMembers = {};
    /** A batch's responses so far, and so how many of its requests completed. */
    let batch: ResponseMembers[] | undefined;
    let status: ResponseStatus | undefined;
    let logFields: Readonly<Record<string, string>> = {};
    let counted: readonly MetricName[] = [];
    let extraHeaders: Readonly<Record<string, string>> = {};
    try {
      if (!route) throw new NotFoundError();
      // Before the body is read: a refused request is not counted, stored or sent.
      if (isUnlistedCrossSite(headers, config.trustedOrigins)) throw new CrossSiteRequestError();
      if (event.httpMethod !== 'POST') throw new MethodNotAllowedError(event.httpMethod, ALLOWED_METHODS);
      const binding = bindings.find((b) => b.spec === route.operation)!;
      const info: RequestInfo = {
        sourceIp: event.requestContext?.identity?.sourceIp,
        acceptLanguage: headers['accept-language'],
        requestId: event.requestContext?.requestId,
      };
      if (route.batch) {
        const requests = decodeBatch(event, route, requestType);
        batch = [];
        // One at a time, each through the same use case as a single request, so each counts against the caller's limits.
        for (const dto of requests) {
          const result = await binding.run(dto, info);
          batch.push(result.members ?? {});
          logFields = result.log ?? {};
          counted = [...counted, ...(result.metrics ?? [])];
        }
        if (batch.length > 0) extraHeaders = { 'X-AutoBatch-Completed': String(batch.length) };
      } else {
        const result = await binding.run(decodeRequest(event, route, requestType), info);
        members = result.members ?? {};
        logFields = result.log ?? {};
        counted = result.metrics ?? [];
      }
    } catch (error) {
      ({ statusCode, status, headers: extraHeaders } = toResponseStatus(error));
      counted = [...counted, ...failureMetrics(statusCode, status.errorCode)];
      // The first failure ends a batch, answered alone with its index (ServiceController.CreateAutoBatchServiceExec).
      if (batch) {
        status = { ...status, meta: { AutoBatchIndex: String(batch.length) } };
        extraHeaders = { ...extraHeaders, 'X-AutoBatch-Completed': String(batch.length) };
        batch = undefined;
      }
      if (statusCode >= 500) logger.error('request failed', { operation: route?.operation.requestName, requestId: event.requestContext?.requestId, ...describeError(error) });
    }
    const jsonCase = jsonCaseOf(query?.jsconfig);
    const body = batch ? encodeList(format, shape, batch, jsonCase) : encode(format, shape, members, status, jsonCase);
    writeRequestRecord(
      {
        operation: route?.operation.requestName ?? 'none',
        outcome: statusCode < 400 ? 'ok' : statusCode < 500 ? 'rejected' : 'failed',
        status: statusCode,
        errorCode: status?.errorCode,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        requestId: event.requestContext?.requestId,
        ...logFields,
      },
      counted,
    );
    return { statusCode, headers: { ...cors, ...extraHeaders, ...formatHeaders(format, route, status !== undefined), 'Content-Type': mediaTypeOf(format, pathShape, query?.format) }, body };
  };
}
