import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { loadHttpConfig } from '../../lib/config';
import { DependencyUnavailableError, ServiceError, TokenError } from '../../lib/errors';
import { createHttpHandler, type OperationHandler } from '../../lib/http';
import { logger, logSink } from '../../lib/observability';
import { resetCustomerPassword, verifyCustomerPasswordResetToken } from '../../lib/wire/operations';
import { apiGatewayEvent, postEvent } from '../fixtures/api-gateway-event';

const config = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const handlerWith = (run: OperationHandler, cfg = config) => createHttpHandler(cfg, [{ spec: resetCustomerPassword, run }]);
const failWith = (error: unknown) => handlerWith(async () => Promise.reject(error));

/** The metrics a request's log line counts, besides Requests. */
async function countedBy(handler: ReturnType<typeof handlerWith>): Promise<string[]> {
  const lines: string[] = [];
  const write = jest.spyOn(logSink, 'write').mockImplementation((line) => void lines.push(line));
  try {
    await handler(postEvent('{"Email":"a@b.com"}', 'application/json'));
  } finally {
    write.mockRestore();
  }
  const record = lines.map((line) => JSON.parse(line) as { message: string; _aws?: { CloudWatchMetrics: [{ Metrics: { Name: string }[] }] } }).find((line) => line.message === 'request')!;
  return record._aws!.CloudWatchMetrics[0].Metrics.map((metric) => metric.Name).filter((name) => name !== 'Requests');
}

describe('the metrics a failure counts', () => {
  it('counts every 5xx as a server error, and nothing below 500', async () => {
    expect(await countedBy(failWith(new ServiceError(500, 'Boom', 'x')))).toEqual(['ServerErrors']);
    expect(await countedBy(failWith(new ServiceError(499, 'ClientClosed', 'x')))).toEqual([]);
    expect(await countedBy(failWith(new DependencyUnavailableError('DynamoDB', new ThrottlingException({ message: 'slow down', $metadata: {} }))))).toEqual(['ServerErrors']);
  });

  it('counts an expired link, and no other token error, as TokensExpired', async () => {
    expect(await countedBy(failWith(new TokenError('TokenExpired')))).toEqual(['TokensExpired']);
    expect(await countedBy(failWith(new TokenError('TokenUsed')))).toEqual([]);
  });
});

describe('CORS for a stage that lists its origins', () => {
  const listed = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: 'https://portal.example' });
  const handler = handlerWith(async () => ({}), listed);

  it('lets a listed origin read the response, and tells caches the answer depends on Origin', async () => {
    const response = await handler(apiGatewayEvent({ httpMethod: 'OPTIONS', headers: { Origin: 'https://portal.example' } }));
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://portal.example', Vary: 'Accept, Origin' });
  });

  it('gives an origin it does not list no Access-Control-Allow-Origin', async () => {
    const response = await handler(apiGatewayEvent({ httpMethod: 'OPTIONS', headers: { Origin: 'https://evil.example' } }));
    expect(response.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    expect(response.headers).toMatchObject({ Vary: 'Accept, Origin' });
  });
});

describe('?jsconfig= asks for camelCase names', () => {
  const handler = failWith(new TokenError('TokenUsed'));
  const namesWith = async (jsconfig: string) =>
    Object.keys(JSON.parse((await handler(apiGatewayEvent({ body: '{}', headers: { 'Content-Type': 'application/json' }, queryStringParameters: { jsconfig } }))).body) as object);

  it.each(['EmitCamelCaseNames:true', 'eccn', 'ECCN:true', 'TextCase:CamelCase', 'DateHandler:ISO8601, eccn'])('with %s', async (jsconfig) => {
    expect(await namesWith(jsconfig)).toEqual(['responseStatus']);
  });

  it.each(['EmitCamelCaseNames:false', 'eccnx', ''])('but not with %j', async (jsconfig) => {
    expect(await namesWith(jsconfig)).toEqual(['ResponseStatus']);
  });
});

describe('routing among the operations a function serves', () => {
  it("runs the operation the path names, not the function's first", async () => {
    const ran: string[] = [];
    const handler = createHttpHandler(config, [
      { spec: resetCustomerPassword, run: async () => (ran.push('reset'), {}) },
      { spec: verifyCustomerPasswordResetToken, run: async () => (ran.push('verify'), {}) },
    ]);

    await handler(apiGatewayEvent({ path: '/VerifyCustomerPasswordResetToken', body: '{"Token":"t"}', headers: { 'Content-Type': 'application/json' } }));

    expect(ran).toEqual(['verify']);
  });
});

describe('an event without a request context (no source IP, no request id)', () => {
  const bare = (overrides: Partial<APIGatewayProxyEvent>) => ({ ...postEvent('{"Email":"a@b.com"}', 'application/json'), ...overrides }) as APIGatewayProxyEvent;

  it.each([
    ['no requestContext', { requestContext: undefined }],
    ['a requestContext without identity', { requestContext: { requestId: 'req-2' } }],
  ])('passes undefined on, and answers: %s', async (_case, overrides) => {
    const run = jest.fn(async () => Promise.reject(new Error('boom')));
    const requestId = (overrides.requestContext as { requestId?: string } | undefined)?.requestId;
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const write = jest.spyOn(logSink, 'write').mockImplementation(() => true);
    try {
      const response = await handlerWith(run)(bare(overrides as unknown as Partial<APIGatewayProxyEvent>));
      expect(response.statusCode).toBe(500);
      expect(logged).toHaveBeenCalledWith('request failed', expect.objectContaining({ operation: 'ResetCustomerPasswordRequest', requestId }));
      expect(write).toHaveBeenCalledWith(expect.stringContaining('"message":"request"'));
    } finally {
      logged.mockRestore();
      write.mockRestore();
    }
    expect(run).toHaveBeenCalledWith(expect.anything(), { sourceIp: undefined, acceptLanguage: undefined, requestId });
  });
});

describe('the request record', () => {
  /** The `request` line and any `request failed` line a handler writes for one request. */
  async function recordsOf(handler: ReturnType<typeof handlerWith>, event = postEvent('{"Email":"a@b.com"}', 'application/json')) {
    const lines: string[] = [];
    const write = jest.spyOn(logSink, 'write').mockImplementation((line) => void lines.push(line));
    try {
      await handler(event);
    } finally {
      write.mockRestore();
    }
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it.each([
    [399, 'ok'],
    [400, 'rejected'],
    [499, 'rejected'],
    [500, 'failed'],
  ])('calls a %i %s, and logs the error behind it only from 500', async (status, outcome) => {
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const records = await recordsOf(failWith(new ServiceError(status, 'Code', 'message')));
      expect(records.find((r) => r.message === 'request')).toMatchObject({ status, outcome });
      expect(logged).toHaveBeenCalledTimes(status >= 500 ? 1 : 0);
    } finally {
      logged.mockRestore();
    }
  });

  it("names no operation for a path that reaches none, and counts nothing but the request when the operation counts nothing", async () => {
    const [notFound] = await recordsOf(handlerWith(async () => ({})), apiGatewayEvent({ path: '/nowhere', body: '{}' }));
    expect(notFound).toMatchObject({ message: 'request', operation: 'none', status: 404 });
    const [ok] = await recordsOf(handlerWith(async () => ({})));
    expect((ok as { _aws: { CloudWatchMetrics: [{ Metrics: { Name: string }[] }] } })._aws.CloudWatchMetrics[0].Metrics.map((m) => m.Name)).toEqual(['Requests']);
  });

  it('gives the latency in milliseconds, rounded to hundredths', async () => {
    const now = jest.spyOn(performance, 'now').mockReturnValueOnce(1000).mockReturnValueOnce(1012.3456);
    try {
      const [record] = await recordsOf(handlerWith(async () => ({})));
      expect(record!.latencyMs).toBe(12.35);
    } finally {
      now.mockRestore();
    }
  });
});

describe('CORS without an Origin header, for a stage that lists its origins', () => {
  it('allows no origin', async () => {
    const listed = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: 'https://portal.example' });
    const response = await handlerWith(async () => ({}), listed)(apiGatewayEvent({ httpMethod: 'OPTIONS' }));
    expect(response.headers).not.toHaveProperty('Access-Control-Allow-Origin');
  });
});
