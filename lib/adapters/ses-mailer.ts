import { MessageRejected, SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { describeError, logger } from '../observability';
import type { EmailMessage, Mailer } from '../ports';
import { callAws } from './aws-errors';

/**
 * `"Name" <address>`; a non-ASCII display name is RFC 2047 encoded, as SES requires. Brand
 * configuration already refuses quotes, angle brackets and control characters in names.
 */
export function formatSender(name: string, address: string): string {
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${display} <${address}>`;
}

/**
 * Sends through SES's SendEmail: SES builds the MIME message, with both parts, from plain fields.
 * Every send names the stage's configuration set, which drops addresses on the suppression list
 * (SES still answers as for any send, so the caller learns nothing), publishes the delivery events
 * with the message's tags, and tracks the reputation metrics the alarms watch.
 * A message SES rejects for good (MessageRejected: say, an unverified recipient in the sandbox) is
 * reported as `rejected`, not thrown: the caller's answer must not depend on it.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    /** The SES configuration set every send goes through (lib/config.ts loadSesConfigurationSet). */
    private readonly configurationSetName: string,
  ) {}

  async sendEmail(message: EmailMessage): Promise<'sent' | 'rejected'> {
    try {
      await callAws('SES', this.send(message));
      return 'sent';
    } catch (error) {
      if (!(error instanceof MessageRejected)) throw error;
      logger.error('email rejected by SES', describeError(error));
      return 'rejected';
    }
  }

  private send(message: EmailMessage) {
    return this.client.send(
      new SendEmailCommand({
        Source: formatSender(message.from.name, message.from.address),
        Destination: { ToAddresses: [message.to] },
        ReplyToAddresses: [message.replyTo],
        ConfigurationSetName: this.configurationSetName,
        Tags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })),
        Message: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: message.html, Charset: 'UTF-8' },
            Text: { Data: message.text, Charset: 'UTF-8' },
          },
        },
      }),
    );
  }
}
