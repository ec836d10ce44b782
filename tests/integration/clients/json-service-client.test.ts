import { JsonServiceClient, type IRequestInit } from '@servicestack/client';
import { UNISSUED_TOKEN, uniqueEmail } from '../support/http';
import { emailsTo, tokenFromEmail } from '../support/inbox';
import { FETCH_AND_COMPILE_MS, fetchTypeScriptDtos, type GeneratedDtos } from '../support/servicestack-cli';
import { apiUrl } from '../support/stack';

/*
 * The DTO classes are the service's own native types, fetched from the running stack with
 * ServiceStack's `typescript-ref` and compiled with strict tsc, as a portal project adds them
 * (tests/integration/native-types.test.ts holds the copy in ./dtos.ts to the same bytes).
 */
let dtos: GeneratedDtos;
beforeAll(async () => {
  ({ dtos } = await fetchTypeScriptDtos());
}, FETCH_AND_COMPILE_MS);

/** What the client sent, as its request filter saw it. */
interface Sent {
  readonly url: string;
  readonly method: string;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** ServiceStack's own TypeScript client, in its default setup or an older one's, recording each request. */
function createClient(basePath: string | undefined): { client: JsonServiceClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = new JsonServiceClient(apiUrl).useBasePath(basePath);
  client.requestFilter = (request: IRequestInit) => {
    const headers = new Headers(request.headers);
    sent.push({ url: request.url ?? '', method: request.method ?? '', contentType: headers.get('content-type'), body: request.body });
  };
  return { client, sent };
}

/** The error the client rejects with: ServiceStack's ErrorResponse, camelCased by the client. */
async function rejectionOf(call: Promise<unknown>): Promise<{ responseStatus?: { errorCode?: string; message?: string; errors?: { errorCode?: string; fieldName?: string; message?: string }[] } }> {
  try {
    await call;
  } catch (error) {
    return error as { responseStatus?: { errorCode?: string } };
  }
  throw new Error('expected the call to fail');
}

// The client's current default posts to /api/{Request}; older clients (and useBasePath()) to /json/reply/.
describe.each([
  { setup: 'its default /api/ base path', basePath: 'api', prefix: '/api/' },
  { setup: 'the /json/reply/ base path of older clients', basePath: undefined, prefix: '/json/reply/' },
])('@servicestack/client JsonServiceClient with $setup', ({ basePath, prefix }) => {
  it('requests a reset: sends the DTO as PascalCase JSON, reads the empty success, and the email arrives', async () => {
    const { client, sent } = createClient(basePath);
    const email = uniqueEmail('client');

    const response = await client.post(new dtos.ResetCustomerPasswordRequest({ Email: email, CustomerBrandName: 'PumpAlarm' }));

    expect(response).toEqual({});
    expect(sent).toEqual([
      { url: `${apiUrl}${prefix}ResetCustomerPasswordRequest`, method: 'POST', contentType: 'application/json', body: JSON.stringify({ Email: email, CustomerBrandName: 'PumpAlarm' }) },
    ]);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('reads a validation error with one field error per failed field', async () => {
    const { client } = createClient(basePath);

    const error = await rejectionOf(client.post(new dtos.ResetCustomerPasswordRequest({ CustomerBrandName: 'NoSuchBrand' })));

    expect(error.responseStatus).toEqual({
      errorCode: 'NotEmpty',
      message: "'Email' must not be empty.",
      errors: [
        { errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." },
        { errorCode: 'UnknownBrand', fieldName: 'CustomerBrandName', message: "'Customer Brand Name' is not a known brand." },
      ],
    });
  });

  it('verifies and completes with the token from the email, then reads the used-token error', async () => {
    const { client } = createClient(basePath);
    const email = uniqueEmail('client-flow');
    await client.post(new dtos.ResetCustomerPasswordRequest({ Email: email }));
    const [message] = await emailsTo(email);
    const token = tokenFromEmail(message!);

    const verified = await client.post(new dtos.VerifyCustomerPasswordResetTokenRequest({ Token: token }));
    const completed = await client.post(new dtos.CompleteCustomerPasswordResetRequest({ Token: token }));
    const used = await rejectionOf(client.post(new dtos.CompleteCustomerPasswordResetRequest({ Token: token })));

    expect(verified).toEqual({ CustomerBrandName: 'PumpAlarm', MaskedEmail: `${email[0]}***@example.com`, ExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(new Date(verified.ExpiresAt!).getTime()).toBeGreaterThan(Date.now());
    expect(completed).toEqual({ CustomerBrandName: 'PumpAlarm', Email: email });
    expect(used.responseStatus).toEqual({ errorCode: 'TokenUsed', message: 'This reset link has already been used. Request a new one.', errors: [] });
  });

  it('revokes the live link with the typed DTO and reads RevokedCount as a number, 1 then 0', async () => {
    const { client } = createClient(basePath);
    const email = uniqueEmail('client-revoke');
    await client.post(new dtos.ResetCustomerPasswordRequest({ Email: email }));
    const token = tokenFromEmail((await emailsTo(email))[0]!);

    const revoked = await client.post(new dtos.RevokeCustomerPasswordResetTokensRequest({ Email: email, CustomerBrandName: 'PumpAlarm' }));
    const again = await client.post(new dtos.RevokeCustomerPasswordResetTokensRequest({ Email: email }));
    const verified = await rejectionOf(client.post(new dtos.VerifyCustomerPasswordResetTokenRequest({ Token: token })));

    expect([revoked, again]).toEqual([{ RevokedCount: 1 }, { RevokedCount: 0 }]);
    expect(verified.responseStatus?.errorCode).toBe('TokenNotFound');
  });

  it.each([
    ['verify', () => new dtos.VerifyCustomerPasswordResetTokenRequest({ Token: UNISSUED_TOKEN })],
    ['complete', () => new dtos.CompleteCustomerPasswordResetRequest({ Token: UNISSUED_TOKEN })],
  ])('reads TokenNotFound from %s of a token that was never issued', async (_name, request) => {
    const { client } = createClient(basePath);

    const error = await rejectionOf(client.post(request()));

    expect(error.responseStatus).toEqual(expect.objectContaining({ errorCode: 'TokenNotFound', message: 'This reset link is not valid. Request a new one.' }));
  });

  it.each([
    ['verify', () => new dtos.VerifyCustomerPasswordResetTokenRequest()],
    ['complete', () => new dtos.CompleteCustomerPasswordResetRequest()],
  ])('reads the Token field error of %s', async (_name, request) => {
    const { client } = createClient(basePath);

    const error = await rejectionOf(client.post(request()));

    expect(error.responseStatus?.errors?.[0]).toEqual({ errorCode: 'NotEmpty', fieldName: 'Token', message: "'Token' must not be empty." });
  });
});

// The client's oneway and batch calls, on the predefined routes it builds itself (its default setup).
describe('@servicestack/client JsonServiceClient oneway and auto-batched calls', () => {
  it('sends a revoke oneway to /json/oneway/, behind the API key on a deployed stage, and reads its answer', async () => {
    const { client, sent } = createClient(undefined);
    const email = uniqueEmail('client-oneway');
    await client.post(new dtos.ResetCustomerPasswordRequest({ Email: email }));
    await emailsTo(email);

    const revoked = await client.sendOneWay(new dtos.RevokeCustomerPasswordResetTokensRequest({ Email: email }));

    expect(new URL(sent.at(-1)!.url).pathname).toBe('/json/oneway/RevokeCustomerPasswordResetTokensRequest');
    expect(revoked).toEqual({ RevokedCount: 1 });
  });

  it('sends resets with sendAll to /json/reply/{Request}[] and sendAllOneWay to /json/oneway/{Request}[]; every email arrives', async () => {
    const { client, sent } = createClient(undefined);
    const replied = [uniqueEmail('client-all-a'), uniqueEmail('client-all-b')];
    const oneway = [uniqueEmail('client-all-c'), uniqueEmail('client-all-d')];

    const answers = await client.sendAll(replied.map((Email) => new dtos.ResetCustomerPasswordRequest({ Email })));
    await client.sendAllOneWay(oneway.map((Email) => new dtos.ResetCustomerPasswordRequest({ Email })));

    expect(sent.map((request) => decodeURIComponent(new URL(request.url).pathname))).toEqual([
      '/json/reply/ResetCustomerPasswordRequest[]',
      '/json/oneway/ResetCustomerPasswordRequest[]',
    ]);
    expect(answers).toHaveLength(2);
    for (const email of [...replied, ...oneway]) expect(await emailsTo(email)).toHaveLength(1);
  });
});
