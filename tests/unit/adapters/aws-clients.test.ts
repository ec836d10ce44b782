import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { createServer, type Server, type Socket } from 'node:net';
import { createDynamoDbClient, createSecretsManagerClient, createSesClient } from '../../../lib/adapters/aws-clients';

/** A server on 127.0.0.1 that accepts every connection and never answers: a hung AWS endpoint. */
let server: Server;
const sockets: Socket[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  for (const service of ['DYNAMODB', 'SES', 'SECRETS_MANAGER']) process.env[`AWS_ENDPOINT_URL_${service}`] = `http://127.0.0.1:${port}`;
  Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
});

afterAll(async () => {
  process.env = saved;
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('AWS clients', () => {
  // Two attempts of the 2 s request timeout, and the SDK's short back-off between them.
  const BUDGET_MS = 6_000;

  it.each([
    ['DynamoDB', () => createDynamoDbClient().send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'k' } } }))],
    ['SES', () => createSesClient().send(new SendEmailCommand({ Source: 'a@b.co', Destination: { ToAddresses: ['c@d.co'] }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }))],
    ['Secrets Manager', () => createSecretsManagerClient().send(new GetSecretValueCommand({ SecretId: 's' }))],
  ])('%s fails a call the endpoint accepts and never answers, within its budget', async (_name, call) => {
    const started = Date.now();
    await expect(call()).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(BUDGET_MS);
    expect(sockets.length).toBeGreaterThan(0);
  }, 15_000);
});
