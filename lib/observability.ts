import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of the service (Powertools: structured JSON, Lambda context fields). Log level comes
 * from POWERTOOLS_LOG_LEVEL. Nothing secret is ever passed to it: no token, token hash, raw body or
 * full email address (see {@link maskEmail}).
 */
export const logger = new Logger({ serviceName: 'reset-customer-password' });

/**
 * Masks an address for logs and for the portal: first character of the local part, then `***`, and
 * the domain (`j***@example.com`). Enough to tell customers apart in support, too little to harvest.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const EMAIL_PATTERN = /[^\s@<>,;:"'()[\]]+@[^\s@<>,;:"'()[\]]+/g;

/**
 * An error as it may be logged: its type and its message with every address masked (SES names the
 * unverified recipient in its error text). No stack for AWS errors, no request payloads.
 */
export function describeError(error: unknown): { errorName: string; errorMessage: string } {
  if (!(error instanceof Error)) return { errorName: typeof error, errorMessage: '' };
  return { errorName: error.name, errorMessage: error.message.replace(EMAIL_PATTERN, maskEmail) };
}
