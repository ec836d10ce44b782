import { AccountSendingPausedException, MailFromDomainNotVerifiedException } from '@aws-sdk/client-ses';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHttpConfig } from '../../lib/config';
import { DependencyUnavailableError, ServiceError, ValidationError } from '../../lib/errors';
import { createHttpHandler, MAX_BODY_BYTES, type OperationHandler } from '../../lib/http';
import { logger, logSink } from '../../lib/observability';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { encodeXmlRequest } from '../../lib/wire/xml';
import { apiGatewayEvent, postEvent } from '../fixtures/api-gateway-event';

const config = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const seedXml = readFileSync(join(__dirname, '../fixtures/seed-request.xml'), 'utf8');

function handlerWith(run: OperationHandler = async () => ({}), cfg = config) {
  const spy = jest.fn(run);
  return { handler: createHttpHandler(cfg, [{ spec: resetCustomerPassword, run: spy }]), run: spy };
}

describe('createHttpHandler', () => {
  it('decodes JSON, runs the operation and answers {} in JSON', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(postEvent('{"email":"a@b.com"}', 'application/json'));
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com' }, expect.anything());
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{}');
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept', 'Access-Control-Allow-Origin': '*' });
  });

  it('decodes the seed XML sample and answers in XML', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(postEvent(seedXml, 'application/xml', { Accept: 'application/xml' }));
    expect(run).toHaveBeenCalledWith({ Email: 'String', CustomerBrandName: 'String' }, expect.anything());
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/xml' });
    expect(response.body).toContain('<ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types" i:nil="true" /></ResetCustomerPasswordResponse>');
  });

  it('answers a validation error with 400 and the field errors in the negotiated format', async () => {
    const { handler } = handlerWith(async () => {
      throw new ValidationError([{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }]);
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      ResponseStatus: {
        ErrorCode: 'NotEmpty',
        Message: "'Email' must not be empty.",
        Errors: [{ ErrorCode: 'NotEmpty', FieldName: 'Email', Message: "'Email' must not be empty." }],
      },
    });
  });

  it('answers malformed bodies with 400 SerializationException without running the operation', async () => {
    const { handler, run } = handlerWith();
    for (const [body, type] of [['{"Email":', 'application/json'], ['<ResetCustomerPasswordRequest>', 'text/xml']] as const) {
      const response = await handler(postEvent(body, type));
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('SerializationException');
    }
    expect(run).not.toHaveBeenCalled();
  });

  it('hides unexpected errors behind one generic 500: no error name, message or stack on the wire', async () => {
    const { handler } = handlerWith(async () => {
      throw new AccountSendingPausedException({ message: 'Sending paused for this account at /var/task/x.js', $metadata: {} });
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ ResponseStatus: { ErrorCode: 'Exception', Message: 'An unexpected error occurred', Errors: [] } });
    expect(response.body).not.toMatch(/AccountSendingPaused|var\/task/);
  });

  it('gives a service error that is not exposed the same generic code and message', async () => {
    const { handler } = handlerWith(async () => {
      throw new ServiceError(500, 'MailerMisconfigured', 'sender x@y is not verified');
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).ResponseStatus).toEqual({ ErrorCode: 'Exception', Message: 'An unexpected error occurred', Errors: [] });
  });

  it('logs the error behind a 500 by its AWS name, with addresses masked', async () => {
    const logged = jest.spyOn(logger, 'error');
    const { handler } = handlerWith(async () => {
      throw new MailFromDomainNotVerifiedException({ message: 'MAIL FROM domain of jane.doe@example.com is not verified', $metadata: {} });
    });
    await handler(postEvent('{}', 'application/json'));
    expect(logged).toHaveBeenCalledWith('request failed', expect.objectContaining({
      errorName: 'MailFromDomainNotVerifiedException',
      errorMessage: 'MAIL FROM domain of j***@example.com is not verified',
    }));
    logged.mockRestore();
  });

  it('refuses bodies over the cap with 413 and unknown media types with 415', async () => {
    const { handler, run } = handlerWith();
    expect((await handler(postEvent(`{"Email":"${'a'.repeat(MAX_BODY_BYTES)}"}`, 'application/json'))).statusCode).toBe(413);
    expect((await handler(postEvent('Email', 'text/plain'))).statusCode).toBe(415);
    expect(run).not.toHaveBeenCalled();
  });

  it('reads base64 bodies and refuses ones that are not UTF-8', async () => {
    const { handler, run } = handlerWith();
    const ok = apiGatewayEvent({ body: Buffer.from('{"Email":"a@b.com"}').toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/json' } });
    expect((await handler(ok)).statusCode).toBe(200);
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com' }, expect.anything());
    const bad = apiGatewayEvent({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/json' } });
    expect((await handler(bad)).statusCode).toBe(400);
  });

  it('decodes UTF-16 bodies that API Gateway passes as bytes (binary media types), as .NET would', async () => {
    const { handler, run } = handlerWith();
    const xml = encodeXmlRequest(resetCustomerPassword, { Email: 'jürgen@bücher.example' });
    const utf16 = (bytes: Buffer) => apiGatewayEvent({ body: bytes.toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/xml' } });
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);

    expect((await handler(utf16(littleEndian))).statusCode).toBe(200);
    expect((await handler(utf16(Buffer.from(littleEndian).swap16()))).statusCode).toBe(200);
    expect(run).toHaveBeenNthCalledWith(1, { Email: 'jürgen@bücher.example' }, expect.anything());
    expect(run).toHaveBeenNthCalledWith(2, { Email: 'jürgen@bücher.example' }, expect.anything());
  });

  it('answers a preflight with 200, an empty body and the CORS headers', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(apiGatewayEvent({ httpMethod: 'OPTIONS', headers: { Origin: 'https://x.example' } }));
    expect(response).toEqual({
      statusCode: 200,
      body: '',
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
        Vary: 'Accept',
      },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('echoes only configured origins, with Vary: Origin', async () => {
    const strict = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: 'https://portal.example' });
    const { handler } = handlerWith(async () => ({}), strict);
    const allowed = await handler(postEvent('{}', 'application/json', { origin: 'https://portal.example' }));
    expect(allowed.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://portal.example', Vary: 'Accept, Origin' });
    const other = await handler(postEvent('{}', 'application/json', { origin: 'https://evil.example' }));
    expect(other.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
    expect(other.headers).toMatchObject({ Vary: 'Accept, Origin' });
  });

  describe('cross-site requests', () => {
    const portal = 'https://portal.example';
    const evil = 'https://evil.example';
    const configs = {
      'CORS *': loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: `*,${portal}` }),
      'CORS by name': loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: portal }),
    };
    const form = (headers: Record<string, string>) =>
      apiGatewayEvent({ path: '/json/reply/ResetCustomerPasswordRequest', body: 'Email=a%40b.com', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'api.example', ...headers } });
    const textPlain = (headers: Record<string, string>) =>
      apiGatewayEvent({ path: '/json/reply/ResetCustomerPasswordRequest', body: '{"Email":"a@b.com"}', headers: { 'Content-Type': 'text/plain', Host: 'api.example', ...headers } });

    describe.each(Object.entries(configs))('with %s', (_name, cfg) => {
      it.each([
        ['a form post', form],
        ['a text/plain JSON body', textPlain],
      ])('refuses %s from an unlisted origin with 403 Forbidden, before running the operation', async (_kind, event) => {
        const { handler, run } = handlerWith(async () => ({}), cfg);
        const refused: Array<Record<string, string>> = [
          { Origin: evil, 'Sec-Fetch-Site': 'cross-site' },
          { Origin: evil }, // a browser without Fetch Metadata
          { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }, // a sandboxed frame
          { Origin: 'https://www.api.example', 'Sec-Fetch-Site': 'same-site' },
          { 'Sec-Fetch-Site': 'cross-site' },
        ];
        for (const headers of refused) {
          const response = await handler(event(headers));
          expect(response.statusCode).toBe(403);
          expect(JSON.parse(response.body)).toEqual({
            ResponseStatus: { ErrorCode: 'Forbidden', Message: 'Cross-site requests are only accepted from the origins this service lists', Errors: [] },
          });
        }
        expect(run).not.toHaveBeenCalled();
      });

      it.each([
        ['a listed origin, cross-site', { Origin: portal, 'Sec-Fetch-Site': 'cross-site' }],
        ['a listed origin, without Fetch Metadata', { Origin: portal }],
        ['same-origin', { Origin: 'https://api.example', 'Sec-Fetch-Site': 'same-origin' }],
        ['none (typed by the user)', { 'Sec-Fetch-Site': 'none' }],
        ['its own origin, without Fetch Metadata', { Origin: 'https://api.example' }],
        ['neither header (ServiceStack clients, curl)', {}],
      ])('accepts %s', async (_kind, headers) => {
        const { handler, run } = handlerWith(async () => ({}), cfg);
        expect((await handler(form(headers))).statusCode).toBe(200);
        expect((await handler(textPlain({ ...headers, 'Content-Type': 'application/json' }))).statusCode).toBe(200);
        expect(run).toHaveBeenCalledTimes(2);
      });
    });

    it('refuses every operation of every function: the check is in the one edge, before the method check', async () => {
      const { handler } = handlerWith(async () => ({}), configs['CORS *']);
      const wrongMethod = await handler(apiGatewayEvent({ httpMethod: 'PUT', headers: { Origin: evil, 'Sec-Fetch-Site': 'cross-site' } }));
      expect(wrongMethod.statusCode).toBe(403);
    });

    it('still answers a preflight, which sends nothing', async () => {
      const { handler, run } = handlerWith(async () => ({}), configs['CORS by name']);
      const response = await handler(apiGatewayEvent({ httpMethod: 'OPTIONS', headers: { Origin: evil, 'Sec-Fetch-Site': 'cross-site' } }));
      expect(response.statusCode).toBe(200);
      expect(response.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
      expect(run).not.toHaveBeenCalled();
    });
  });

  it('answers an unknown path with a ServiceStack 404 and a wrong method with 405 and Allow', async () => {
    const { handler, run } = handlerWith();
    const missing = await handler(apiGatewayEvent({ path: '/NoSuchOperation', headers: { Accept: 'application/xml' } }));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><ErrorResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.servicestack.net/types">' +
        '<ResponseStatus><ErrorCode>NotFound</ErrorCode><Message>Handler for Request not found</Message><StackTrace i:nil="true" /><Errors />' +
        '<Meta xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:nil="true" /></ResponseStatus></ErrorResponse>',
    );
    // A predefined route fixes its format, Accept or not, even when no operation lives there.
    const missingJsv = await handler(apiGatewayEvent({ path: '/jsv/reply/Nope', headers: { Accept: 'application/xml' } }));
    expect(missingJsv).toMatchObject({ statusCode: 404, body: readFileSync(join(__dirname, '../golden/not-found.jsv'), 'utf8'), headers: { 'Content-Type': 'text/jsv' } });
    const missingXml = await handler(apiGatewayEvent({ path: '/NoSuchOperation.xml' }));
    expect(missingXml.body).toBe(missing.body);
    const wrongMethod = await handler(apiGatewayEvent({ httpMethod: 'GET', path: '/ResetCustomerPassword' }));
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ Allow: 'POST, OPTIONS' });
    expect(JSON.parse(wrongMethod.body).ResponseStatus.ErrorCode).toBe('MethodNotAllowed');
    expect(run).not.toHaveBeenCalled();
  });

  it('reads form posts on every route', async () => {
    const { handler, run } = handlerWith();
    await handler(apiGatewayEvent({ path: '/xml/reply/ResetCustomerPasswordRequest', body: 'email=a%40b.com&customerBrandName=AquaGuard', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }));
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com', CustomerBrandName: 'AquaGuard' }, expect.anything());
  });

  it('lets the query string override the body on the custom route but only fill gaps on predefined ones', async () => {
    const { handler, run } = handlerWith();
    const query = { Email: 'q@b.com', CustomerBrandName: 'AquaGuard' };
    await handler(postEvent('{"Email":"body@b.com"}', 'application/json'));
    await handler({ ...postEvent('{"Email":"body@b.com"}', 'application/json'), queryStringParameters: query });
    await handler({ ...postEvent('{"Email":"body@b.com"}', 'application/json'), path: '/json/reply/ResetCustomerPasswordRequest', queryStringParameters: query });
    expect(run.mock.calls.map(([dto]) => dto)).toEqual([
      { Email: 'body@b.com' },
      { Email: 'q@b.com', CustomerBrandName: 'AquaGuard' },
      { Email: 'body@b.com', CustomerBrandName: 'AquaGuard' },
    ]);
  });

  it('reads a predefined route in its own format and answers in it, whatever Content-Type and Accept say', async () => {
    const { handler, run } = handlerWith();
    const response = await handler({ ...postEvent(seedXml, 'application/json', { Accept: 'application/json' }), path: '/xml/reply/resetcustomerpasswordrequest' });
    expect(run).toHaveBeenCalledWith({ Email: 'String', CustomerBrandName: 'String' }, expect.anything());
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/xml' });
  });

  it('writes camelCase JSON when ?jsconfig=EmitCamelCaseNames:true', async () => {
    const { handler } = handlerWith(async () => {
      throw new ValidationError([{ errorCode: 'NotEmpty', fieldName: 'Email', message: 'm' }]);
    });
    const response = await handler({ ...postEvent('{}', 'application/json'), queryStringParameters: { jsconfig: 'EmitCamelCaseNames:true' } });
    expect(JSON.parse(response.body)).toEqual({
      responseStatus: { errorCode: 'NotEmpty', message: 'm', errors: [{ errorCode: 'NotEmpty', fieldName: 'Email', message: 'm' }] },
    });
  });

  it('passes the caller IP, Accept-Language and request id to the operation', async () => {
    const { handler, run } = handlerWith();
    await handler(postEvent('{}', 'application/json', { 'Accept-Language': 'de-DE,de;q=0.9' }));
    expect(run).toHaveBeenCalledWith({}, { sourceIp: '203.0.113.7', acceptLanguage: 'de-DE,de;q=0.9', requestId: 'req-1' });
  });

  it('answers a dependency outage with a retryable 503 in ServiceStack shape, without its details', async () => {
    const { handler } = handlerWith(async () => {
      throw new DependencyUnavailableError('DynamoDB', new Error('Throughput exceeds the current capacity of your table'));
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '1', 'Access-Control-Allow-Origin': '*', Vary: 'Accept' });
    expect(JSON.parse(response.body)).toEqual({
      ResponseStatus: { ErrorCode: 'ServiceUnavailable', Message: 'The service is temporarily unavailable. Please try again shortly.', Errors: [] },
    });
  });

  it('writes one line per request: its log fields, and its counts with the brand as a dimension', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(logSink, 'write').mockImplementation((line) => void lines.push(line));
    const ok = handlerWith(async () => ({ log: { brand: 'PumpAlarm', email: 'j***@example.com' }, metrics: ['EmailsSent'] }));
    const limited = handlerWith(async () => {
      throw new ServiceError(429, 'TooManyRequests', 'wait', { headers: { 'Retry-After': '5' } });
    });
    const dynamoDbDown = handlerWith(async () => {
      throw new DependencyUnavailableError('DynamoDB', new Error('Throttling'));
    });

    await ok.handler(postEvent('{}', 'application/json'));
    await limited.handler(postEvent('{}', 'application/json'));
    await dynamoDbDown.handler(postEvent('{}', 'application/json'));
    write.mockRestore();

    type RequestLine = { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } } & Record<string, unknown>;
    const records = lines.map((line) => JSON.parse(line) as RequestLine);
    expect(records.map((r) => [r.message, r.operation, r.outcome, r.status, r.errorCode, r.brand, r.email])).toEqual([
      ['request', 'ResetCustomerPasswordRequest', 'ok', 200, undefined, 'PumpAlarm', 'j***@example.com'],
      ['request', 'ResetCustomerPasswordRequest', 'rejected', 429, 'TooManyRequests', undefined, undefined],
      ['request', 'ResetCustomerPasswordRequest', 'failed', 503, 'ServiceUnavailable', undefined, undefined],
    ]);
    expect(records.every((r) => typeof r.latencyMs === 'number' && r.requestId === 'req-1')).toBe(true);
    expect(records.map((r) => r._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name))).toEqual([
      ['Requests', 'EmailsSent'],
      ['Requests', 'RateLimited'],
      ['Requests', 'ServerErrors'],
    ]);
    expect(records.map((r) => [r.Requests, r.EmailsSent, r.RateLimited, r.ServerErrors])).toEqual([
      [1, 1, undefined, undefined],
      [1, undefined, 1, undefined],
      [1, undefined, undefined, 1],
    ]);
    // [service] for the alarms on every request, plus [service, brand] where a brand is known.
    expect(records.map((r) => r._aws.CloudWatchMetrics[0]!.Dimensions)).toEqual([[['service'], ['service', 'brand']], [['service']], [['service']]]);
  });
});
