import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler } from '../../handlers/metadata';
import { logSink } from '../../lib/observability';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';

/** A GET as API Gateway hands it to the function: `path` without the stage, `requestContext.path` with it. */
function getEvent(path: string, fullPath: string, headers: Record<string, string>, query: Record<string, string> | null = null): APIGatewayProxyEvent {
  const event = apiGatewayEvent({ httpMethod: 'GET', path, resource: path, headers, queryStringParameters: query });
  return { ...event, requestContext: { ...event.requestContext, httpMethod: 'GET', path: fullPath } };
}

beforeEach(() => {
  jest.spyOn(logSink, 'write').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('the metadata function on /types', () => {
  it("gives the deployed address as BaseUrl: https from X-Forwarded-Proto, the host, and the stage API Gateway took off the path", async () => {
    const headers = { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'X-Forwarded-Proto': 'https' };

    const links = await handler(getEvent('/types', '/dev/types', headers));
    const csharp = await handler(getEvent('/types/csharp', '/dev/types/csharp', headers));

    expect(JSON.parse(links.body)).toEqual(expect.objectContaining({ CSharp: 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev/types/csharp' }));
    expect(csharp.body).toContain('\nBaseUrl: https://abc123.execute-api.eu-west-1.amazonaws.com/dev\n');
  });

  it('gives a custom domain without a prefix, and takes ?BaseUrl= over it', async () => {
    const headers = { host: 'regapi.pumpalarm.com', 'x-forwarded-proto': 'https' };

    const plain = await handler(getEvent('/types/typescript', '/types/typescript', headers));
    const overridden = await handler(getEvent('/types/typescript', '/types/typescript', headers, { BaseUrl: 'https://api.example.com/registrar' }));

    expect(plain.body).toContain('\nBaseUrl: https://regapi.pumpalarm.com\n');
    expect(overridden.body).toContain('\nBaseUrl: https://api.example.com/registrar\n');
  });

  it('answers the documents as plain text (JSON for /types and /types/metadata), public and cacheable, and 404 for a language it does not serve', async () => {
    const headers = { Host: 'regapi.pumpalarm.com' };

    const typescript = await handler(getEvent('/types/typescript.d', '/types/typescript.d', headers));
    const metadata = await handler(getEvent('/types/metadata', '/types/metadata', headers));
    const java = await handler(getEvent('/types/java', '/types/java', headers));

    expect(typescript.statusCode).toBe(200);
    expect(typescript.headers).toEqual(expect.objectContaining({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }));
    expect(metadata.headers).toEqual(expect.objectContaining({ 'Content-Type': 'application/json; charset=utf-8' }));
    expect(JSON.parse(metadata.body)).toEqual(expect.objectContaining({ Config: { BaseUrl: 'http://regapi.pumpalarm.com' } }));
    expect(java.statusCode).toBe(404);
  });
});

describe('the metadata function on /{format}/metadata', () => {
  it.each(['json', 'xml', 'jsv'])('serves /%s/metadata?op= with the operation page in that format, the name in any case', async (format) => {
    const response = await handler(getEvent(`/${format}/metadata`, `/${format}/metadata`, { Host: 'h' }, { op: 'completecustomerpasswordresetrequest' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8' });
    expect(response.body).toContain(`<h3>HTTP + ${format.toUpperCase()}</h3>`);
    expect(response.body).toContain('<h2>CompleteCustomerPasswordResetRequest</h2>');
  });

  it('serves the page of all operations without ?op=, and 404 for an operation it does not have', async () => {
    const all = await handler(getEvent('/xml/metadata', '/xml/metadata', {}));
    const unknown = await handler(getEvent('/xml/metadata', '/xml/metadata', {}, { op: 'NoSuchRequest' }));
    expect(all.body).toContain('<h2>Operations</h2>');
    expect(unknown).toMatchObject({ statusCode: 404, body: 'No such operation' });
  });
});
