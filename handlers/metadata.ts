import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { writeRequestRecord } from '../lib/observability';
import { renderMetadataPage } from '../lib/wire/metadata';
import { buildOpenApiDocument } from '../lib/wire/openapi';
import { allOperations } from '../lib/wire/operations';

// Built once per cold start: it depends only on the operation definitions bundled with the code.
const openApiJson = JSON.stringify(buildOpenApiDocument(allOperations));
const ALLOWED = 'GET, HEAD, OPTIONS';
/** The documentation is public and the same for everyone: any origin may read it. */
const commonHeaders = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' };

const hostOf = (event: APIGatewayProxyEvent): string =>
  Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'host')?.[1] ?? 'localhost';

/**
 * `GET /metadata` (the HTML page ServiceStack clients' developers know) and `GET /openapi.json`.
 * No AWS SDK and no brand configuration here, so the bundle stays small and cold starts short.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const isOpenApi = event.path.toLowerCase().endsWith('/openapi.json');
  let response: APIGatewayProxyResult;
  if (event.httpMethod === 'OPTIONS') response = { statusCode: 200, headers: { ...commonHeaders, 'Access-Control-Allow-Methods': ALLOWED }, body: '' };
  else if (event.httpMethod !== 'GET' && event.httpMethod !== 'HEAD') {
    response = { statusCode: 405, headers: { ...commonHeaders, Allow: ALLOWED, 'Content-Type': 'text/plain; charset=utf-8' }, body: `${event.httpMethod} is not allowed here; use GET` };
  } else if (isOpenApi) response = { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': 'application/json; charset=utf-8' }, body: openApiJson };
  else response = { statusCode: 200, headers: { ...commonHeaders, 'Content-Type': 'text/html; charset=utf-8' }, body: renderMetadataPage(allOperations, hostOf(event)) };
  writeRequestRecord({ operation: isOpenApi ? 'openapi' : 'metadata', outcome: response.statusCode < 400 ? 'ok' : 'rejected', status: response.statusCode }, []);
  return response;
}
