import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { EmailMessage, Mailer } from '../ports';

/**
 * `"Name" <address>`; a non-ASCII display name is RFC 2047 encoded, as SES requires. Brand
 * configuration already refuses quotes, angle brackets and control characters in names.
 */
export function formatSender(name: string, address: string): string {
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${display} <${address}>`;
}

/** Sends through SES's SendEmail: SES builds the MIME message, with both parts, from plain fields. */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESClient) {}

  async sendEmail(message: EmailMessage): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        Source: formatSender(message.from.name, message.from.address),
        Destination: { ToAddresses: [message.to] },
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
