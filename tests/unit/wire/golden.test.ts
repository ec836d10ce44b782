import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError, TokenError } from '../../../lib/errors';
import { validateResetRequest } from '../../../lib/reset/validate-reset-request';
import { encodeJsonResponse, type JsonCase } from '../../../lib/wire/json';
import { encodeCsvResponse } from '../../../lib/wire/csv';
import { encodeHtmlResponse } from '../../../lib/wire/html';
import { encodeJsvResponse } from '../../../lib/wire/jsv';
import {
  completeCustomerPasswordReset,
  errorResponse,
  resetCustomerPassword,
  revokeCustomerPasswordResetTokens,
  verifyCustomerPasswordResetToken,
  type ResponseMembers,
  type ResponseShape,
} from '../../../lib/wire/operations';
import { toResponseStatus } from '../../../lib/wire/response-status';
import { decodeXmlBatch, encodeXmlList, encodeXmlResponse } from '../../../lib/wire/xml';
import { devBrands } from '../fakes';

const golden = (name: string): string => readFileSync(join(__dirname, '../../golden', name), 'utf8');
const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures', name), 'utf8');

/** The ResponseStatus the edge would write for what a use case throws. */
function statusOf(fail: () => unknown) {
  try {
    fail();
  } catch (error) {
    return toResponseStatus(error).status;
  }
  throw new Error('expected a failure');
}

interface GoldenCase {
  readonly file: string;
  readonly shape: ResponseShape;
  readonly members: ResponseMembers;
  readonly fail?: () => unknown;
  readonly jsonCase?: JsonCase;
}

// Errors come from the real validator and error classes, so the golden files pin their wording too.
const cases: readonly GoldenCase[] = [
  { file: 'reset-success', shape: resetCustomerPassword, members: {} },
  { file: 'reset-validation-error', shape: resetCustomerPassword, members: {}, fail: () => validateResetRequest({ CustomerBrandName: 'NoSuchBrand' }, devBrands) },
  {
    file: 'verify-success',
    shape: verifyCustomerPasswordResetToken,
    members: { CustomerBrandName: 'PumpAlarm', MaskedEmail: 'j***@example.com', ExpiresAt: '2026-01-02T03:04:05.000Z' },
  },
  { file: 'verify-token-not-found', shape: verifyCustomerPasswordResetToken, members: {}, fail: () => { throw new TokenError('TokenNotFound'); } },
  { file: 'complete-success', shape: completeCustomerPasswordReset, members: { CustomerBrandName: 'AquaGuard', Email: 'jane.doe&co@example.com' } },
  { file: 'complete-token-used', shape: completeCustomerPasswordReset, members: {}, fail: () => { throw new TokenError('TokenUsed'); } },
  { file: 'revoke-success', shape: revokeCustomerPasswordResetTokens, members: { RevokedCount: 1 } },
  // Nothing to end is still a number: 0, not a null member.
  { file: 'revoke-none', shape: revokeCustomerPasswordResetTokens, members: { RevokedCount: 0 } },
  { file: 'revoke-validation-error', shape: revokeCustomerPasswordResetTokens, members: {}, fail: () => validateResetRequest({}, devBrands) },
  { file: 'not-found', shape: errorResponse, members: {}, fail: () => { throw new NotFoundError(); } },
];

describe('golden response documents (tests/golden)', () => {
  it.each(cases.map((c) => [c.file, c] as const))('%s.xml is what encodeXmlResponse writes, byte for byte', (file, c) => {
    expect(encodeXmlResponse(c.shape, c.members, c.fail && statusOf(c.fail))).toBe(golden(`${file}.xml`));
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s.json is what encodeJsonResponse writes, byte for byte', (file, c) => {
    expect(encodeJsonResponse(c.members, c.fail && statusOf(c.fail))).toBe(golden(`${file}.json`));
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s.jsv is what encodeJsvResponse writes, byte for byte', (file, c) => {
    expect(encodeJsvResponse(c.shape, c.members, c.fail && statusOf(c.fail))).toBe(golden(`${file}.jsv`));
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s.csv is what encodeCsvResponse writes, byte for byte', (file, c) => {
    expect(encodeCsvResponse(c.shape, c.members, c.fail && statusOf(c.fail))).toBe(golden(`${file}.csv`));
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s.html is what encodeHtmlResponse writes, byte for byte', (file, c) => {
    expect(encodeHtmlResponse(c.shape, c.members, c.fail && statusOf(c.fail))).toBe(golden(`${file}.html`));
  });

  it('reset-validation-error.camel.json is the camelCase (?jsconfig=EmitCamelCaseNames:true) form', () => {
    const status = statusOf(() => validateResetRequest({ CustomerBrandName: 'NoSuchBrand' }, devBrands));
    expect(encodeJsonResponse({}, status, 'camel')).toBe(golden('reset-validation-error.camel.json'));
  });

  it("has the seed page's sample response shape: same root, namespaces and ResponseStatus members", () => {
    // Opening tags only, whitespace and the seed's Meta map contents (always nil here) left out.
    const openingTags = (xml: string) => [...xml.matchAll(/<([\w:]+)[\s>/]/g)].map((m) => m[1]!).filter((t) => !/^d\dp1:(KeyValueOfstringstring|Key|Value)$/.test(t));
    const rootTag = (xml: string) => /<ResetCustomerPasswordResponse [^>]*>/.exec(xml)![0];
    const seed = fixture('seed-response.xml');
    const ours = golden('reset-validation-error.xml');
    const oneError = ['d2p1:ResponseError', 'd2p1:ErrorCode', 'd2p1:FieldName', 'd2p1:Message', 'd2p1:Meta'];
    const seedTags = openingTags(seed);
    const errorsAt = seedTags.indexOf('d2p1:Errors') + 1;
    // The seed shows one ResponseError; the golden document has two.
    expect(openingTags(ours)).toEqual([...seedTags.slice(0, errorsAt), ...oneError, ...seedTags.slice(errorsAt)]);
    expect(rootTag(ours)).toBe(rootTag(seed));
    expect(ours).toContain('<ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types">');
  });
});

describe('golden lists of auto-batched calls (tests/golden/batch, written by .NET)', () => {
  it.each([
    ['reset-list', resetCustomerPassword, [{}, {}]],
    ['revoke-list', revokeCustomerPasswordResetTokens, [{ RevokedCount: 1 }, { RevokedCount: 0 }]],
    ['revoke-empty-list', revokeCustomerPasswordResetTokens, []],
  ] as const)('%s.xml is what encodeXmlList writes, byte for byte', (file, shape, answers) => {
    expect(encodeXmlList(shape, answers)).toBe(golden(`batch/${file}.xml`));
  });

  it('reset-requests.xml, a List<ResetCustomerPasswordRequest> as .NET writes it, reads as its requests', () => {
    expect(decodeXmlBatch(golden('batch/reset-requests.xml'), resetCustomerPassword)).toEqual([
      { Email: 'a@example.com' },
      { Email: 'b&co@example.com', CustomerBrandName: 'AquaGuard', Locale: 'de' },
    ]);
  });
});
