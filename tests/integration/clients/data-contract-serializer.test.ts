import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataContractSerializer } from '../../support/data-contract-check';
import { send, uniqueEmail } from '../support/http';

/**
 * The service's XML answers through HTTP, read by .NET's own DataContractSerializer as a ServiceStack
 * XmlServiceClient reads them: every kind of error must come back with its ErrorCode and `Errors` a
 * list (ServiceStack never leaves it null), so .NET clients can iterate it.
 */
const xml = { 'Content-Type': 'application/xml', Accept: 'application/xml' };
const resetXml = (email: string) =>
  `<ResetCustomerPasswordRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Email>${email}</Email></ResetCustomerPasswordRequest>`;
const revokeXml = (email: string) =>
  `<RevokeCustomerPasswordResetTokensRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Email>${email}</Email></RevokeCustomerPasswordResetTokensRequest>`;
const revokeAfterReset = async () => {
  const email = uniqueEmail('dcs-revoke');
  await send('POST', '/xml/reply/ResetCustomerPasswordRequest', resetXml(email), xml);
  return send('POST', '/xml/reply/RevokeCustomerPasswordResetTokensRequest', revokeXml(email), xml);
};

const cases = [
  { name: 'success', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: null, errors: null }, request: () => send('POST', '/xml/reply/ResetCustomerPasswordRequest', resetXml(uniqueEmail('dcs')), xml) },
  { name: 'validation error', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: 'Email', errors: ['Email'] }, request: () => send('POST', '/xml/reply/ResetCustomerPasswordRequest', resetXml('not-an-address'), xml) },
  { name: 'SerializationException', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: 'SerializationException', errors: [] }, request: () => send('POST', '/xml/reply/ResetCustomerPasswordRequest', '{"Email":"a@example.com"}', xml) },
  {
    name: 'TokenNotFound',
    expect: { Type: 'VerifyCustomerPasswordResetTokenResponse', ErrorCode: 'TokenNotFound', errors: [] },
    request: () =>
      send('POST', '/xml/reply/VerifyCustomerPasswordResetTokenRequest', '<VerifyCustomerPasswordResetTokenRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Token>nope</Token></VerifyCustomerPasswordResetTokenRequest>', xml),
  },
  // RevokedCount, an int? member: a number when set (0 included), null on an error.
  { name: 'revoke ending a link', expect: { Type: 'RevokeCustomerPasswordResetTokensResponse', ErrorCode: null, errors: null, RevokedCount: 1 }, request: revokeAfterReset },
  {
    name: 'revoke ending none',
    expect: { Type: 'RevokeCustomerPasswordResetTokensResponse', ErrorCode: null, errors: null, RevokedCount: 0 },
    request: () => send('POST', '/RevokeCustomerPasswordResetTokens', revokeXml(uniqueEmail('dcs-none')), xml),
  },
  {
    name: 'revoke validation error',
    expect: { Type: 'RevokeCustomerPasswordResetTokensResponse', ErrorCode: 'Email', errors: ['Email'], RevokedCount: null },
    request: () => send('POST', '/xml/reply/RevokeCustomerPasswordResetTokensRequest', revokeXml('not-an-address'), xml),
  },
  { name: '404 ErrorResponse', expect: { Type: 'ErrorResponse', ErrorCode: 'NotFound', errors: [] }, request: () => send('POST', '/xml/reply/NoSuchRequest', '', xml) },
  { name: '405', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: 'MethodNotAllowed', errors: [] }, request: () => send('GET', '/xml/reply/ResetCustomerPasswordRequest', undefined, xml) },
  { name: '413', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: 'RequestEntityTooLarge', errors: [] }, request: () => send('POST', '/xml/reply/ResetCustomerPasswordRequest', resetXml('x'.repeat(17 * 1024)), xml) },
  { name: '415', expect: { Type: 'ResetCustomerPasswordResponse', ErrorCode: 'UnsupportedMediaType', errors: [] }, request: () => send('POST', '/ResetCustomerPassword', 'Email=a@example.com', { 'Content-Type': 'text/plain', Accept: 'application/xml' }) },
  // The 429 (a client over its own limit, which the shared stack sets out of reach) is read in pacing.test.ts.
] as const;

describe(".NET's DataContractSerializer reads the service's XML answers", () => {
  it('reads every kind of answer, with Errors a list on every error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-contract-http-'));
    const files: string[] = [];
    for (const [index, c] of cases.entries()) {
      const response = await c.request();
      expect([c.name, response.headers.get('content-type')]).toEqual([c.name, 'application/xml']);
      files.push(join(dir, `${index}.xml`));
      writeFileSync(files[index]!, response.body);
    }

    const readBack = dataContractSerializer.read(files);

    expect(
      readBack.map((r, index) => ({
        name: cases[index]!.name,
        Type: r.Type,
        ErrorCode: r.ResponseStatus?.ErrorCode ?? null,
        errors: r.ResponseStatus ? (r.ResponseStatus.Errors?.map((e) => e.FieldName) ?? 'null') : null,
        ...('RevokedCount' in r ? { RevokedCount: r.RevokedCount } : {}),
      })),
    ).toEqual(cases.map((c) => ({ name: c.name, ...c.expect })));
  }, 60_000);
});
