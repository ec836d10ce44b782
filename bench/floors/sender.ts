/**
 * The floor of the sender (sendQueuedEmail): the AWS SDK clients it cannot do without, DynamoDB (the
 * queued item, the brand's directory, the mark, the sending limits' counts), SES, Secrets Manager (its
 * keys, once per instance) and SQS (the schedule's delay queue, for an email a limit holds back), each
 * created once at module scope, replaying the calls the sender made for an email with its own inputs.
 * Built with serverless.yml's esbuild settings, like the sender. No XML parser: the sender reads
 * stream records and queue messages, not request bodies.
 */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createDynamoDbClient, createSecretsManagerClient, createSesClient, createSqsClient } from '../../lib/adapters/aws-clients';
import { replayer } from './replay';

const dynamodb = createDynamoDbClient();
const ses = createSesClient();
const secrets = createSecretsManagerClient();
const sqs = createSqsClient();

/** The bare calls of one email, in the sender's order. */
export const send = replayer({
  GetItem: (input: GetItemCommand['input']) => dynamodb.send(new GetItemCommand(input)),
  UpdateItem: (input: UpdateItemCommand['input']) => dynamodb.send(new UpdateItemCommand(input)),
  SendEmail: (input: SendEmailCommand['input']) => ses.send(new SendEmailCommand(input)),
  GetSecretValue: (input: GetSecretValueCommand['input']) => secrets.send(new GetSecretValueCommand(input)),
  SendMessage: (input: SendMessageCommand['input']) => sqs.send(new SendMessageCommand(input)),
});
