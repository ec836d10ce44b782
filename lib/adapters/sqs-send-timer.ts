import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedEmail, SendTimer } from '../ports';
import { callAws } from './aws-errors';

/** The longest delay SQS gives one message (DelaySeconds); a longer wait is set again on arrival. */
export const MAX_DELAY_SECONDS = 900;

/**
 * The schedule's timer: an SQS queue whose messages are delayed per message (DelaySeconds, at most
 * 15 minutes) and read by the sender itself (serverless.yml). The body is the queued email as the
 * stream would hand it, `{ customerId, nonce, kind }`: no address, no token. A wait longer than SQS
 * allows arrives early; the sender then asks its schedule again and sets the rest.
 */
export class SqsSendTimer implements SendTimer {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async sendLater(queued: QueuedEmail, delaySeconds: number): Promise<void> {
    const body = JSON.stringify({ customerId: queued.customerId, nonce: queued.nonce, kind: queued.kind });
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(delaySeconds)));
    await callAws('SQS', this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, DelaySeconds: delay })));
  }
}
