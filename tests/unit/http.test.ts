import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config';
import { ServiceError, ValidationError } from '../../lib/errors';
import { createHttpHandler, MAX_BODY_BYTES, type OperationHandler } from '../../lib/http';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent, postEvent } from '../fixtures/api-gateway-event';

const config = loadConfig({ TABLE_NAME: 't' });
const seedXml = readFileSync(join(__dirname, '../fixtures/seed-request.xml'), 'utf8');

function handlerWith(run: OperationHandler = async () => ({}), cfg = config) {
  const spy = jest.fn(run);
  return { handler: createHttpHandler(cfg, resetCustomerPassword, spy), run: spy };
}

describe('createHttpHandler', () => {
  it('decodes JSON, runs the operation and answers {} in JSON', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(postEvent('{"email":"a@b.com"}', 'application/json'));
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{}');
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept', 'Access-Control-Allow-Origin': '*' });
  });

  it('decodes the seed XML sample and answers in XML', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(postEvent(seedXml, 'application/xml', { Accept: 'application/xml' }));
    expect(run).toHaveBeenCalledWith({ Email: 'String', CustomerBrandName: 'String' });
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/xml' });
    expect(response.body).toContain('<ResponseStatus i:nil="true" /></ResetCustomerPasswordResponse>');
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

  it('hides unexpected errors behind a generic 500 that names only the error type', async () => {
    const { handler } = handlerWith(async () => {
      throw Object.assign(new Error('secret internals at /var/task/x.js'), { name: 'ThrottlingException' });
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ ResponseStatus: { ErrorCode: 'ThrottlingException', Message: 'An unexpected error occurred' } });
    expect(response.body).not.toContain('secret');
  });

  it('keeps the message of a service error that is not exposed to itself', async () => {
    const { handler } = handlerWith(async () => {
      throw new ServiceError(500, 'MailerMisconfigured', 'sender x@y is not verified');
    });
    const response = await handler(postEvent('{}', 'application/json'));
    expect(JSON.parse(response.body).ResponseStatus).toEqual({ ErrorCode: 'MailerMisconfigured', Message: 'An unexpected error occurred' });
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
    expect(run).toHaveBeenCalledWith({ Email: 'a@b.com' });
    const bad = apiGatewayEvent({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/json' } });
    expect((await handler(bad)).statusCode).toBe(400);
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
    const strict = loadConfig({ TABLE_NAME: 't', CORS_ALLOWED_ORIGINS: 'https://portal.example' });
    const { handler } = handlerWith(async () => ({}), strict);
    const allowed = await handler(postEvent('{}', 'application/json', { origin: 'https://portal.example' }));
    expect(allowed.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://portal.example', Vary: 'Accept, Origin' });
    const other = await handler(postEvent('{}', 'application/json', { origin: 'https://evil.example' }));
    expect(other.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
    expect(other.headers).toMatchObject({ Vary: 'Accept, Origin' });
  });
});
