import { sampleExchanges } from '../../lib/wire/metadata';
import { allOperations } from '../../lib/wire/operations';
import { routesOf } from '../../lib/wire/routes';
import { send } from './support/http';

describe('GET /metadata', () => {
  it('serves the HTML page with every operation, its routes and samples', async () => {
    const response = await send('GET', '/metadata');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const op of allOperations) {
      expect(response.body).toContain(`<section id="${op.requestName}">`);
      for (const route of routesOf(op)) expect(response.body).toContain(`<td>${route}</td>`);
    }
    expect(response.body).toContain('POST /xml/reply/ResetCustomerPasswordRequest HTTP/1.1\nHost: 127.0.0.1:');
    expect(response.body).toContain('<tr><td>429</td><td>TooManyRequests</td>');
    expect(response.body).toContain('<tr><td>503</td><td>ServiceUnavailable</td>');
  });

  it.each(['json', 'xml', 'jsv'])('links each operation to its page in %s, which the service serves', async (format) => {
    const index = await send('GET', '/metadata');
    for (const op of allOperations) {
      const link = `${format}/metadata?op=${op.requestName}`;
      expect(index.body).toContain(`href="${link}"`);
      const operationPage = await send('GET', `/${link}`);
      expect(operationPage.status).toBe(200);
      expect(operationPage.body).toContain(`<h3>HTTP + ${format.toUpperCase()}</h3>`);
      expect(operationPage.body).toContain(`POST ${sampleExchanges(op)[format as 'json' | 'xml' | 'jsv'].path} HTTP/1.1`);
    }
  });

  it('answers a POST with 405 and Allow', async () => {
    const response = await send('POST', '/metadata', '{}', { 'Content-Type': 'application/json' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3 document with every route of every operation', async () => {
    const response = await send('GET', '/openapi.json');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const document = JSON.parse(response.body) as { openapi: string; paths: Record<string, { post: { responses: Record<string, { headers?: object }> } }> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual(allOperations.flatMap((op) => routesOf(op)).sort());
    expect(document.paths['/ResetCustomerPassword']?.post.responses['429']?.headers).toHaveProperty('Retry-After');
    expect(document.paths['/CompleteCustomerPasswordReset']?.post.responses['503']?.headers).toHaveProperty('Retry-After');
  });
});

describe('the public catch-all beside the metadata routes', () => {
  it('still answers other paths with a ServiceStack 404', async () => {
    const response = await send('POST', '/metadata/nothing-here', '{}', { 'Content-Type': 'application/json' });

    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ ResponseStatus: { ErrorCode: 'NotFound', Message: 'Handler for Request not found', Errors: [] } });
  });
});
