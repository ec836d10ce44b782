import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Bounded retries and timeouts, so a struggling dependency fails the call well inside the function's
 * timeout instead of letting Lambda or API Gateway cut it off: at worst two attempts of about two
 * seconds each. `throwOnRequestTimeout` makes the request timeout end the call: without it
 * @smithy/node-http-handler 4.x only logs a warning and goes on waiting for an answer that may never
 * come (tests/unit/adapters/aws-clients.test.ts proves it against a server that never answers).
 * Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE> variables, which only the local stack sets.
 */
const clientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 300, requestTimeout: 2_000, throwOnRequestTimeout: true },
  // Resolve each command's middleware stack once per client, not on every call: nothing here changes
  // a stack after creation, and it saves CPU on every AWS call (see docs/performance.md).
  cacheMiddleware: true,
};

export const createDynamoDbClient = (): DynamoDBClient => new DynamoDBClient(clientConfig);
export const createSesClient = (): SESClient => new SESClient(clientConfig);
export const createSecretsManagerClient = (): SecretsManagerClient => new SecretsManagerClient(clientConfig);
export const createSqsClient = (): SQSClient => new SQSClient(clientConfig);
