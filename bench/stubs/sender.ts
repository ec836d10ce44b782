/**
 * The sender with every AWS client's send() answering at once (clients.ts): a GetItem on the token
 * table finds the item set in `items`, one on the customers table a customer. Timing it measures the
 * sender's own work per email: read the record, open the address, make the link, render, log.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { stubSend } from './clients';

export { items, recording, sent } from './clients';

stubSend([DynamoDBClient, SESClient]);

export { handler } from '../../handlers/send-queued-email';
