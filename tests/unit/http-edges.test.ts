import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { MessageRejected } from '@aws-sdk/client-ses';
import { loadConfig } from '../../lib/config';
import { DependencyUnavailableError, ServiceError, TokenError } from '../../lib/errors';
import { createHttpHandler, type OperationHandler } from '../../lib/http';
import { logSink } from '../../lib/observability';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent, postEvent } from '../fixtures/api-gateway-event';

const config = loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
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

  it('counts an email send failure only when SES is the dependency that failed', async () => {
    expect(await countedBy(failWith(new DependencyUnavailableError('SES', new MessageRejected({ message: 'x', $metadata: {} }))))).toEqual(['ServerErrors', 'EmailSendFailures']);
  });

  it('counts an expired link, and no other token error, as TokensExpired', async () => {
    expect(await countedBy(failWith(new TokenError('TokenExpired')))).toEqual(['TokensExpired']);
    expect(await countedBy(failWith(new TokenError('TokenUsed')))).toEqual([]);
  });
});

describe('CORS for a stage that lists its origins', () => {
  const listed = loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c', CORS_ALLOWED_ORIGINS: 'https://portal.example' });
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
