import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Config } from './config';
import { PayloadTooLargeError, SerializationError } from './errors';
import { describeError, logger } from './observability';
import { decodeJsonRequest, encodeJsonResponse } from './wire/json';
import { bodyFormat, responseFormat, type WireFormat } from './wire/negotiate';
import type { OperationSpec, RequestDto, ResponseMembers } from './wire/operations';
import { toResponseStatus, type ResponseStatus } from './wire/response-status';
import { decodeXmlRequest, encodeXmlResponse } from './wire/xml';

/** Far below API Gateway's 10 MB: a reset request is two short strings. */
export const MAX_BODY_BYTES = 16 * 1024;

/** What a use case returns to the edge: response members, and what may be logged about the request. */
export interface OperationResult {
  readonly members?: ResponseMembers;
  readonly log?: Readonly<Record<string, string>>;
}

export type OperationHandler = (dto: RequestDto) => Promise<OperationResult>;

const CORS_METHODS = 'GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD';

/** Header lookup ignoring case, as HTTP names are case-insensitive and API Gateway keeps the caller's case. */
function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === lower) return value ?? undefined;
  return undefined;
}

/** ServiceStack's CORS defaults, with the allowed origins configurable per stage. */
function corsHeaders(config: Config, origin: string | undefined): Record<string, string> {
  const common = { 'Access-Control-Allow-Methods': CORS_METHODS, 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' };
  if (config.corsAllowedOrigins === '*') return { 'Access-Control-Allow-Origin': '*', Vary: 'Accept', ...common };
  // Echoing an origin makes the response depend on it: caches must know.
  const allowed = origin !== undefined && config.corsAllowedOrigins.includes(origin);
  return allowed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Accept, Origin', ...common } : { Vary: 'Accept, Origin', ...common };
}

/** The body as text: base64 bodies decoded, size capped, invalid UTF-8 refused. */
function readBody(event: APIGatewayProxyEvent): string {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (!event.isBase64Encoded) return raw;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SerializationError('The request body is not valid UTF-8');
  }
}

function decodeRequest(event: APIGatewayProxyEvent, operation: OperationSpec): RequestDto {
  const body = readBody(event);
  switch (bodyFormat(header(event, 'content-type'), body)) {
    case 'empty':
      return {};
    case 'json':
      return decodeJsonRequest(body, operation);
    case 'xml':
      return decodeXmlRequest(body, operation);
  }
}

function encode(format: WireFormat, operation: OperationSpec, members: ResponseMembers, status: ResponseStatus | undefined) {
  return format === 'xml'
    ? { contentType: 'application/xml', body: encodeXmlResponse(operation, members, status) }
    : { contentType: 'application/json; charset=utf-8', body: encodeJsonResponse(members, status) };
}

/**
 * The edge of every operation: decode the ServiceStack request, run the use case, encode the
 * response in the negotiated format, map every error to a ResponseStatus, and log one line.
 * Only this function turns errors into HTTP responses.
 */
export function createHttpHandler(config: Config, operation: OperationSpec, run: OperationHandler) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const cors = corsHeaders(config, header(event, 'origin'));
    if (event.httpMethod === 'OPTIONS') return { statusCode: 200, headers: cors, body: '' };

    const format = responseFormat({
      formatParam: event.queryStringParameters?.format,
      accept: header(event, 'accept'),
      contentType: header(event, 'content-type'),
    });
    let statusCode = 200;
    let members: ResponseMembers = {};
    let status: ResponseStatus | undefined;
    let logFields: Readonly<Record<string, string>> = {};
    let errorCode: string | undefined;
    let extraHeaders: Readonly<Record<string, string>> = {};
    try {
      const result = await run(decodeRequest(event, operation));
      members = result.members ?? {};
      logFields = result.log ?? {};
    } catch (error) {
      ({ statusCode, status, headers: extraHeaders } = toResponseStatus(error));
      errorCode = status.errorCode;
      if (statusCode >= 500) logger.error('request failed', { operation: operation.requestName, ...describeError(error) });
    }
    const { contentType, body } = encode(format, operation, members, status);
    logger.info('request', {
      operation: operation.requestName,
      outcome: statusCode < 400 ? 'ok' : statusCode < 500 ? 'rejected' : 'failed',
      status: statusCode,
      errorCode,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      requestId: event.requestContext?.requestId,
      ...logFields,
    });
    return { statusCode, headers: { ...cors, ...extraHeaders, 'Content-Type': contentType }, body };
  };
}
