import { sesUrl } from './stack';

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

export async function allEmails(): Promise<StoredEmail[]> {
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
