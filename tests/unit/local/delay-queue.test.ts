import { deliveredMessages, queueEventRecord } from '../../../local/delay-queue';

const records = ['m1', 'm2', 'm3'].map((id) => queueEventRecord({ MessageId: id, ReceiptHandle: `r-${id}`, Body: '{}', MD5OfBody: 'x' }, 'arn:aws:sqs:eu-west-1:000000000000:q', 'eu-west-1'));

describe('the local delay queue, as Lambda maps an SQS queue', () => {
  it('hands a message to the function in the shape of an SQS event record', () => {
    expect(records[0]).toEqual({
      messageId: 'm1',
      receiptHandle: 'r-m1',
      body: '{}',
      attributes: {},
      messageAttributes: {},
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:q',
      awsRegion: 'eu-west-1',
    });
  });

  it('deletes every message of a batch that succeeded', () => {
    expect(deliveredMessages(records, { batchItemFailures: [] })).toEqual(records);
  });

  it('keeps the messages the function reports as failed, for their retry after the visibility timeout', () => {
    expect(deliveredMessages(records, { batchItemFailures: ['m2'] }).map((record) => record.messageId)).toEqual(['m1', 'm3']);
  });

  it('keeps the whole batch after a function error, or when the function names a message it was not given', () => {
    expect(deliveredMessages(records, { functionError: 'Unhandled' })).toEqual([]);
    expect(deliveredMessages(records, { batchItemFailures: ['m9'] })).toEqual([]);
  });
});
