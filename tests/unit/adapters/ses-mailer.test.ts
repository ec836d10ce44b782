import { MessageRejected, SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { DependencyUnavailableError } from '../../../lib/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { formatSender, SesMailer } from '../../../lib/adapters/ses-mailer';
import type { EmailMessage } from '../../../lib/ports';

const ses = mockClient(SESClient);

const message = {
  from: { name: 'PumpAlarm', address: 'no-reply@pumpalarm.com' },
  replyTo: 'support@pumpalarm.com',
  to: 'a@b.com',
  subject: 'S',
  html: '<p>H</p>',
  text: 'T',
  tags: { brand: 'PumpAlarm', emailKind: 'reset-password' },
} satisfies EmailMessage;
const mailer = () => new SesMailer(new SESClient({ region: 'eu-west-1', maxAttempts: 1 }), 'reset-customer-password-dev');

describe('SesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends HTML and text parts in UTF-8 from the named sender to one recipient, replies to support, through the configuration set, tagged', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    expect(await mailer().sendEmail(message)).toBe('sent');

    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      Source: '"PumpAlarm" <no-reply@pumpalarm.com>',
      Destination: { ToAddresses: ['a@b.com'] },
      ReplyToAddresses: ['support@pumpalarm.com'],
      ConfigurationSetName: 'reset-customer-password-dev',
      Tags: [
        { Name: 'brand', Value: 'PumpAlarm' },
        { Name: 'emailKind', Value: 'reset-password' },
      ],
      Message: {
        Subject: { Data: 'S', Charset: 'UTF-8' },
        Body: { Html: { Data: '<p>H</p>', Charset: 'UTF-8' }, Text: { Data: 'T', Charset: 'UTF-8' } },
      },
    });
  });

  it('reports a message SES rejects for good as rejected, without throwing', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified: a@b.com', $metadata: {} }));
    expect(await mailer().sendEmail(message)).toBe('rejected');
  });

  it('turns throttling into a retryable 503', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }));
    await expect(mailer().sendEmail(message)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('formatSender', () => {
  it('quotes ASCII names and RFC 2047-encodes others', () => {
    expect(formatSender('Aqua Guard', 'x@y.example')).toBe('"Aqua Guard" <x@y.example>');
    expect(formatSender('Agua Guardiã', 'x@y.example')).toBe(`=?UTF-8?B?${Buffer.from('Agua Guardiã').toString('base64')}?= <x@y.example>`);
  });
});
