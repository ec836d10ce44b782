import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Bounded retries and timeouts, so a struggling dependency fails the request with a clean 503 well
 * inside the function's 20 s timeout instead of letting API Gateway cut it off: at worst two
 * attempts of about two seconds per call, and a reset request makes at most four calls in a row.
 * Endpoints come from the standard AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SES variables,
 * which only the local stack sets.
 */
const clientConfig = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 300, requestTimeout: 2_000 },
  // Resolve each command's middleware stack once per client, not on every call: nothing here changes
  // a stack after creation, and it saves CPU on every AWS call (see docs/performance.md).
  cacheMiddleware: true,
};

export const createDynamoDbClient = (): DynamoDBClient => new DynamoDBClient(clientConfig);
export const createSesClient = (): SESClient => new SESClient(clientConfig);
export const createSecretsManagerClient = (): SecretsManagerClient => new SecretsManagerClient(clientConfig);
