import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { writeRequestRecord } from '../lib/observability';
import { renderMetadataPage, renderOperationPage, type MetadataFormat } from '../lib/wire/metadata';
import { buildMetadataTypes, NATIVE_TYPES_DOCUMENTS, renderNativeTypes, typeLinks, type NativeLanguage } from '../lib/wire/native-types';
import { buildOpenApiDocument } from '../lib/wire/openapi';
import { allOperations } from '../lib/wire/operations';

// Built once per cold start: it depends only on the operation definitions bundled with the code.
const openApiJson = JSON.stringify(buildOpenApiDocument(allOperations));
/**
 * The native-types documents' `Date:` line. ServiceStack writes the time it generated the document;
 * here every document an instance serves is dated when the instance started, so the same request
 * gets the same bytes for the instance's life (caches and tests compare whole documents).
 */
const generatedAt = new Date();
const ALLOWED = 'GET, HEAD, OPTIONS';
/** The documentation is public and the same for everyone: any origin may read it. */
const commonHeaders = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' };
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

const headerOf = (event: APIGatewayProxyEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? undefined;

/**
 * The URL clients reach the service at, as ServiceStack's `Request.GetBaseUrl()` gives it: scheme
 * (API Gateway sets X-Forwarded-Proto; the local stack does not, and speaks plain HTTP), host, and
 * any prefix API Gateway strips before the function sees the path (the stage on an execute-api URL).
 */
function baseUrlOf(event: APIGatewayProxyEvent): string {
  const scheme = headerOf(event, 'x-forwarded-proto') ?? 'http';
  const fullPath = event.requestContext?.path ?? event.path;
  const prefix = fullPath.endsWith(event.path) ? fullPath.slice(0, fullPath.length - event.path.length) : '';
  return `${scheme}://${headerOf(event, 'host') ?? 'localhost'}${prefix}`;
}

const HTML_TYPE = 'text/html; charset=utf-8';

/**
 * `/{json|xml|jsv}/metadata?op={Request}`: the operation's page in that format (the name matched
 * ignoring case, as routes are); without `op`, the page of all operations; 404 for an unknown one.
 */
function operationPageResponse(event: APIGatewayProxyEvent, format: MetadataFormat): APIGatewayProxyResult {
  const host = headerOf(event, 'host') ?? 'localhost';
  const name = event.queryStringParameters?.op;
  if (name === undefined) return { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': HTML_TYPE }, body: renderMetadataPage(allOperations, host) };
  const operation = allOperations.find((op) => op.requestName.toLowerCase() === name.toLowerCase());
  if (!operation) return { statusCode: 404, headers: { ...commonHeaders, 'Content-Type': TEXT_TYPE }, body: 'No such operation' };
  return { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': HTML_TYPE }, body: renderOperationPage(operation, format, host) };
}

const NATIVE_LANGUAGES: ReadonlySet<string> = new Set<NativeLanguage>(['csharp', 'typescript', 'typescript.d']);

/** `/types`, `/types/metadata` and the generated source documents; undefined for any other path. */
function nativeTypesResponse(event: APIGatewayProxyEvent, document: string): APIGatewayProxyResult | undefined {
  const baseUrl = baseUrlOf(event);
  if (document === '') return { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': JSON_TYPE }, body: JSON.stringify(typeLinks(baseUrl)) };
  if (document === NATIVE_TYPES_DOCUMENTS.Metadata) {
    return { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': JSON_TYPE }, body: JSON.stringify(buildMetadataTypes(allOperations, baseUrl)) };
  }
  if (!NATIVE_LANGUAGES.has(document)) return undefined;
  const result = renderNativeTypes(document as NativeLanguage, allOperations, event.queryStringParameters ?? {}, baseUrl, generatedAt);
  return result.ok
    ? { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': TEXT_TYPE }, body: result.body }
    : { statusCode: 400, headers: { ...commonHeaders, 'Content-Type': TEXT_TYPE }, body: result.message };
}

/**
 * `GET /metadata` (the HTML page ServiceStack clients' developers know) and each operation's page per
 * format (`/{json|xml|jsv}/metadata?op=...`), `GET /openapi.json`, and
 * ServiceStack's native types under `/types` ("Add ServiceStack Reference").
 * No AWS SDK and no brand configuration here, so the bundle stays small and cold starts short.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const path = event.path.toLowerCase().replace(/\/+$/, '');
  const isOpenApi = path.endsWith('/openapi.json');
  const nativeTypes = /^\/types(?:\/(.*))?$/.exec(path);
  const formatPage = /^\/(json|xml|jsv)\/metadata$/.exec(path)?.[1] as MetadataFormat | undefined;
  const operation = isOpenApi ? 'openapi' : nativeTypes ? 'native-types' : 'metadata';
  let response: APIGatewayProxyResult;
  if (event.httpMethod === 'OPTIONS') response = { statusCode: 200, headers: { ...commonHeaders, 'Access-Control-Allow-Methods': ALLOWED }, body: '' };
  else if (event.httpMethod !== 'GET' && event.httpMethod !== 'HEAD') {
    response = { statusCode: 405, headers: { ...commonHeaders, Allow: ALLOWED, 'Content-Type': TEXT_TYPE }, body: `${event.httpMethod} is not allowed here; use GET` };
  } else if (isOpenApi) response = { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': JSON_TYPE }, body: openApiJson };
  else if (nativeTypes) {
    response = nativeTypesResponse(event, nativeTypes[1] ?? '') ?? { statusCode: 404, headers: { ...commonHeaders, 'Content-Type': TEXT_TYPE }, body: 'No such native-types document' };
  } else if (formatPage) response = operationPageResponse(event, formatPage);
  else response = { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': HTML_TYPE }, body: renderMetadataPage(allOperations, headerOf(event, 'host') ?? 'localhost') };
  writeRequestRecord({ operation, outcome: response.statusCode < 400 ? 'ok' : 'rejected', status: response.statusCode }, []);
  return response;
}
