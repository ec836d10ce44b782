import { postJson } from './http';
import { emailsTo, tokenFromEmail } from './inbox';

export const verify = (token: string) => postJson('/VerifyCustomerPasswordResetToken', { Token: token });
export const complete = (token: string, extra: Record<string, string> = {}) => postJson('/CompleteCustomerPasswordReset', { Token: token, ...extra });
export const revoke = (email: string, brandName?: string) => postJson('/RevokeCustomerPasswordResetTokens', { Email: email, ...(brandName ? { CustomerBrandName: brandName } : {}) });

/** The top-level ErrorCode of a JSON error body. */
export const errorCodeOf = (body: string): string | undefined => JSON.parse(body).ResponseStatus?.ErrorCode;

/** Asks for a reset through HTTP and reads the token from the email in the local inbox. */
export async function requestReset(email: string, dto: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<string> {
  const before = (await emailsTo(email)).length;
  const response = await postJson('/ResetCustomerPassword', { Email: email, ...dto }, headers);
  expect(response.status).toBe(200);
  const messages = await emailsTo(email);
  expect(messages).toHaveLength(before + 1);
  return tokenFromEmail(messages[before]!);
}
