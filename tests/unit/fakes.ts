import type { BrandCatalog } from '../../lib/config';
import { loadConfig } from '../../lib/config';
import type { Clock, EmailMessage, Mailer, ResetTokenRecord, TokenStore } from '../../lib/ports';

/** The dev stage's brands, as the deployed code would load them. */
export const devBrands: BrandCatalog = loadConfig({ STAGE: 'dev', TABLE_NAME: 'test' }).brands;

export class InMemoryTokenStore implements TokenStore {
  readonly items = new Map<string, ResetTokenRecord>();
  saveResetToken = jest.fn(async (record: ResetTokenRecord) => {
    this.items.set(record.customerId, record);
  });
}

export class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  sendEmail = jest.fn(async (message: EmailMessage) => {
    this.sent.push(message);
  });
}

export const fixedClock = (epochMs: number): Clock => ({ now: () => epochMs });

/** A predictable stand-in for crypto.randomBytes: each call returns bytes of a new value. */
export function countingRandomBytes(): (size: number) => Buffer {
  let call = 0;
  return (size) => Buffer.alloc(size, ++call);
}
