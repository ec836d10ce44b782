import { sesUrl } from './stack';
import { outboxDrained } from './table';

/** A message as the local SES server stores it (GET /store). */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: readonly string[];
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly at: number;
}

/**
 * Every email the local SES server holds, once the sender has handled everything queued so far: the
 * reset answers before its email leaves (the sender runs on the table's stream), so a test reads the
 * inbox as a customer does, after the email has arrived.
 */
export async function allEmails(): Promise<StoredEmail[]> {
  await outboxDrained();
  const response = await fetch(`${sesUrl}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

export async function emailsTo(address: string): Promise<StoredEmail[]> {
  return (await allEmails()).filter((email) => email.destination.to.includes(address));
}

/** The `token` parameter of the reset link in an email's text part. */
export function tokenFromEmail(email: StoredEmail): string {
  const match = /[?&]token=([A-Za-z0-9_.-]+)/.exec(email.body.text ?? '');
  if (!match) throw new Error('the email carries no reset link');
  return match[1]!;
}
