import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';

/**
 * Bounded retries and timeouts, so a struggling dependency fails the request well inside the
 * function's timeout instead of letting API Gateway cut it off. Endpoints come from the standard
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SES variables, which only the local stack sets.
 */
const clientConfig = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
};

export const createDynamoDbClient = (): DynamoDBClient => new DynamoDBClient(clientConfig);
export const createSesClient = (): SESClient => new SESClient(clientConfig);
