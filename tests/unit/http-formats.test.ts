import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHttpConfig } from '../../lib/config';
import { ValidationError } from '../../lib/errors';
import { createHttpHandler, MAX_BATCH_REQUESTS, type OperationHandler } from '../../lib/http';
import { DTO_NAMESPACE, resetCustomerPassword, revokeCustomerPasswordResetTokens, verifyCustomerPasswordResetToken, type OperationSpec } from '../../lib/wire/operations';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';

const config = loadHttpConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const notEmpty = new ValidationError([{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }]);
const JSV_ERROR = "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Email' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:Email,Message:'Email' must not be empty.}]}}";

function handlerWith(run: OperationHandler = async () => ({}), spec: OperationSpec = resetCustomerPassword) {
  const spy = jest.fn(run);
  return { handler: createHttpHandler(config, [{ spec, run: spy }]), run: spy };
}

const post = (path: string, body: string | null, headers: Record<string, string> = {}, query: Record<string, string> | null = null) =>
  apiGatewayEvent({ path, body, headers, queryStringParameters: query });

describe('JSV at the edge', () => {
  it.each(['text/jsv', 'application/jsv', 'text/jsv; charset=utf-8'])('reads a %s body on the custom route', async (type) => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/ResetCustomerPassword', '{Email:a@example.com,CustomerBrandName:"Aqua,Guard"}', { 'Content-Type': type }));
    expect(run).toHaveBeenCalledWith({ Email: 'a@example.com', CustomerBrandName: 'Aqua,Guard' }, expect.anything());
    expect(response.statusCode).toBe(200);
  });

  it('reads any body on /jsv/reply/ as JSV, whatever its Content-Type, and answers text/jsv', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/jsv/reply/ResetCustomerPasswordRequest', '{Email:a@example.com}', { 'Content-Type': 'application/json' }));
    expect(run).toHaveBeenCalledWith({ Email: 'a@example.com' }, expect.anything());
    expect(response).toMatchObject({ statusCode: 200, body: '{}', headers: { 'Content-Type': 'text/jsv', Vary: 'Accept' } });
  });

  it.each([
    ['the .jsv ending', '/ResetCustomerPassword.jsv', {}, null],
    ['?format=jsv', '/ResetCustomerPassword', {}, { format: 'jsv' }],
    ['?format=jsv on a JSON route', '/json/reply/ResetCustomerPasswordRequest', {}, { format: 'jsv' }],
    ['Accept: text/jsv', '/ResetCustomerPassword', { Accept: 'text/jsv' }, null],
    ['Accept: application/jsv', '/ResetCustomerPassword', { Accept: 'application/jsv' }, null],
    ['Accept: */* after a JSV body', '/ResetCustomerPassword', { Accept: '*/*', 'Content-Type': 'text/jsv' }, null],
    ['/jsv/oneway/', '/jsv/oneway/ResetCustomerPasswordRequest', {}, null],
  ])('answers errors in JSV, as application/jsv, for %s', async (_name, path, headers, query) => {
    const { handler } = handlerWith(async () => {
      throw notEmpty;
    });
    const response = await handler(post(path, '', headers, query));
    expect(response).toMatchObject({ statusCode: 400, body: JSV_ERROR, headers: { 'Content-Type': 'application/jsv' } });
  });

  it('prefers JSON and XML to JSV when Accept names several (HostConfig.PreferredContentTypes)', async () => {
    const { handler } = handlerWith();
    const response = await handler(post('/ResetCustomerPassword', '', { Accept: 'text/jsv, application/xml' }));
    expect(response.headers?.['Content-Type']).toBe('application/xml');
  });

  it('answers a malformed JSV body 400 SerializationException in JSV without running the operation', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/jsv/reply/ResetCustomerPasswordRequest', '{Email:"a}'));
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(
      "{ResponseStatus:{ErrorCode:SerializationException,Message:\"Could not deserialize 'application/jsv' request using ResetCustomerPasswordRequest: the value at character 8 is not closed\",Errors:[]}}",
    );
    expect(run).not.toHaveBeenCalled();
  });
});

describe('oneway endpoints without a message queue (ServiceRunner.ExecuteOneWay)', () => {
  it.each([
    ['/json/oneway/ResetCustomerPasswordRequest', '{"Email":"a@example.com"}', 'application/json; charset=utf-8', '{}'],
    ['/xml/oneway/ResetCustomerPasswordRequest', '<ResetCustomerPasswordRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Email>a@example.com</Email></ResetCustomerPasswordRequest>', 'application/xml', undefined],
    ['/jsv/oneway/ResetCustomerPasswordRequest', '{Email:a@example.com}', 'application/jsv', '{}'],
  ])('%s runs the operation at once and answers as its reply endpoint does', async (path, body, type, expected) => {
    const { handler, run } = handlerWith();
    const response = await handler(post(path, body));
    expect(run).toHaveBeenCalledWith({ Email: 'a@example.com' }, expect.anything());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe(type);
    if (expected !== undefined) expect(response.body).toBe(expected);
    else expect(response.body).toContain('<ResetCustomerPasswordResponse ');
  });

  it('answers a failed oneway call with the error, as a reply would', async () => {
    const { handler } = handlerWith(async () => {
      throw notEmpty;
    });
    const response = await handler(post('/json/oneway/ResetCustomerPasswordRequest', '{}'));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'NotEmpty' } });
  });
});

describe('auto-batched requests (ServiceController.CreateAutoBatchServiceExec)', () => {
  /** A use case that fails for the address `bad@example.com`, as validation would. */
  const failingOnBad: OperationHandler = async (dto) => {
    if (dto.Email === 'bad@example.com') throw notEmpty;
    return { metrics: ['EmailsSent'] };
  };

  it('runs each request in order through the use case and answers a JSON list, with X-AutoBatch-Completed', async () => {
    const { handler, run } = handlerWith(failingOnBad);
    const response = await handler(post('/json/reply/ResetCustomerPasswordRequest[]', '[{"Email":"a@example.com"},{"email":"b@example.com"},null]'));
    expect(run.mock.calls.map(([dto]) => dto)).toEqual([{ Email: 'a@example.com' }, { Email: 'b@example.com' }, {}]);
    expect(response).toMatchObject({ statusCode: 200, body: '[{},{},{}]', headers: { 'X-AutoBatch-Completed': '3', 'Content-Type': 'application/json; charset=utf-8' } });
  });

  it('reads the percent-encoded brackets and JSV lists, and answers a JSV list', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/jsv/reply/ResetCustomerPasswordRequest%5B%5D', '[{Email:a@example.com},{Email:b@example.com}]'));
    expect(run).toHaveBeenCalledTimes(2);
    expect(response).toMatchObject({ statusCode: 200, body: '[{},{}]', headers: { 'X-AutoBatch-Completed': '2', 'Content-Type': 'text/jsv' } });
  });

  it('stops at the first failure and answers it alone, with its index in Meta and the count completed before it', async () => {
    const { handler, run } = handlerWith(failingOnBad);
    const body = JSON.stringify([{ Email: 'a@example.com' }, { Email: 'bad@example.com' }, { Email: 'c@example.com' }]);
    const response = await handler(post('/json/reply/ResetCustomerPasswordRequest[]', body));
    expect(run).toHaveBeenCalledTimes(2);
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['X-AutoBatch-Completed']).toBe('1');
    expect(JSON.parse(response.body)).toEqual({
      ResponseStatus: {
        ErrorCode: 'NotEmpty',
        Message: "'Email' must not be empty.",
        Errors: [{ ErrorCode: 'NotEmpty', FieldName: 'Email', Message: "'Email' must not be empty." }],
        Meta: { AutoBatchIndex: '1' },
      },
    });
  });

  it('answers the first failure in JSV too', async () => {
    const { handler } = handlerWith(failingOnBad);
    const response = await handler(post('/jsv/reply/ResetCustomerPasswordRequest[]', '[{Email:bad@example.com}]'));
    expect(response.body).toBe(JSV_ERROR.replace(/\}\}$/, ',Meta:{AutoBatchIndex:0}}}'));
    expect(response.headers?.['X-AutoBatch-Completed']).toBe('0');
  });

  it('answers an empty list, or no body, with an empty list and runs nothing', async () => {
    const { handler, run } = handlerWith();
    for (const body of ['[]', '']) expect((await handler(post('/json/reply/ResetCustomerPasswordRequest[]', body))).body).toBe('[]');
    expect(run).not.toHaveBeenCalled();
  });

  it(`refuses more than ${MAX_BATCH_REQUESTS} requests with 400 BatchTooLarge, before running any`, async () => {
    const { handler, run } = handlerWith();
    const body = JSON.stringify(Array.from({ length: MAX_BATCH_REQUESTS + 1 }, (_, i) => ({ Email: `a${i}@example.com` })));
    const response = await handler(post('/json/reply/ResetCustomerPasswordRequest[]', body));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'BatchTooLarge', Message: `An auto-batched request may hold at most ${MAX_BATCH_REQUESTS} requests` } });
    expect(response.headers?.['X-AutoBatch-Completed']).toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });

  it.each([
    ['a JSON object', '/json/reply/ResetCustomerPasswordRequest[]', '{"Email":"a@example.com"}', {}, 400, 'SerializationException'],
    ['a form', '/json/reply/ResetCustomerPasswordRequest[]', 'Email=a%40example.com', { 'Content-Type': 'application/x-www-form-urlencoded' }, 400, 'SerializationException'],
    ['an item that is not an object', '/json/reply/ResetCustomerPasswordRequest[]', '[{"Email":"a@example.com"},"b"]', {}, 400, 'SerializationException'],
    ['a JSV map', '/jsv/reply/ResetCustomerPasswordRequest[]', '{Email:a@example.com}', {}, 400, 'SerializationException'],
    ['an XML request that is not a list', '/xml/reply/ResetCustomerPasswordRequest[]', `<ResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}"/>`, {}, 400, 'SerializationException'],
  ])('refuses %s without running anything', async (_name, path, body, headers, statusCode, errorCode) => {
    const { handler, run } = handlerWith();
    const response = await handler(post(path, body, headers, path.startsWith('/xml/') ? { format: 'json' } : null));
    expect(response.statusCode).toBe(statusCode);
    expect(response.body).toContain(errorCode);
    expect(run).not.toHaveBeenCalled();
  });

  it('reads a DataContract list on /xml/reply/ and answers one, as .NET writes List<Response>', async () => {
    const { handler, run } = handlerWith();
    const list = `<ArrayOfResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DTO_NAMESPACE}"><ResetCustomerPasswordRequest><Email>a@example.com</Email></ResetCustomerPasswordRequest><ResetCustomerPasswordRequest><CustomerBrandName i:nil="true" /><Email>b@example.com</Email></ResetCustomerPasswordRequest></ArrayOfResetCustomerPasswordRequest>`;
    const response = await handler(post('/xml/reply/ResetCustomerPasswordRequest[]', list));
    expect(run.mock.calls.map(([dto]) => dto)).toEqual([{ Email: 'a@example.com' }, { Email: 'b@example.com' }]);
    expect(response).toMatchObject({ statusCode: 200, headers: { 'X-AutoBatch-Completed': '2', 'Content-Type': 'application/xml' } });
    expect(response.body).toBe(readFileSync(join(__dirname, '../golden/batch/reset-list.xml'), 'utf8'));
  });

  it('answers a JSON batch in XML for ?format=xml', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/json/reply/ResetCustomerPasswordRequest[]', '[{"Email":"a@example.com"},{"Email":"b@example.com"}]', {}, { format: 'xml' }));
    expect(run).toHaveBeenCalledTimes(2);
    expect(response.body).toBe(readFileSync(join(__dirname, '../golden/batch/reset-list.xml'), 'utf8'));
  });
});

describe('multipart/form-data at the edge', () => {
  const type = { 'Content-Type': 'multipart/form-data; boundary=XyZ' };
  const field = (name: string, value: string, extra = '') => `--XyZ\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;

  it.each(['/ResetCustomerPassword', '/json/reply/ResetCustomerPasswordRequest', '/xml/oneway/ResetCustomerPasswordRequest', '/jsv/reply/ResetCustomerPasswordRequest'])(
    'reads it like a form post on %s, query values merging as for forms',
    async (path) => {
      const { handler, run } = handlerWith();
      const response = await handler(post(path, `${field('Email', 'a@example.com')}--XyZ--`, type, { Locale: 'de' }));
      expect(run).toHaveBeenCalledWith({ Email: 'a@example.com', Locale: 'de' }, expect.anything());
      expect(response.statusCode).toBe(200);
    },
  );

  it('refuses a file with 415 in the negotiated format, without running the operation', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/ResetCustomerPassword', `${field('Email', 'a@example.com')}${field('cv', 'text', '; filename="cv.txt"')}--XyZ--`, type));
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toEqual({ ResponseStatus: { ErrorCode: 'UnsupportedMediaType', Message: "Files are not accepted: part 2 ('cv') is a file", Errors: [] } });
    expect(run).not.toHaveBeenCalled();
  });

  it('caps it like any body: 413 past 16 KB', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/ResetCustomerPassword', `${field('Email', 'a'.repeat(17 * 1024))}--XyZ--`, type));
    expect(response.statusCode).toBe(413);
    expect(run).not.toHaveBeenCalled();
  });

  it('is one request, not a batch: 400 on a batch route', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/json/reply/ResetCustomerPasswordRequest[]', `${field('Email', 'a@example.com')}--XyZ--`, type));
    expect(response.statusCode).toBe(400);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('CSV and the HTML report at the edge', () => {
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it("answers a browser's Accept with the HTML report and its security headers, errors included", async () => {
    const { handler } = handlerWith(async () => {
      throw notEmpty;
    });
    const response = await handler(post('/ResetCustomerPassword', 'Email=', { Accept: BROWSER_ACCEPT, 'Content-Type': 'application/x-www-form-urlencoded' }));
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    expect(response.headers?.['Content-Security-Policy']).toMatch(/^default-src 'none'; /);
    expect(response.body).toContain('<h1>ResetCustomerPasswordResponse</h1>');
  });

  it('answers ?format=html on a predefined route with the HTML report', async () => {
    const response = await handlerWith().handler(post('/json/reply/ResetCustomerPasswordRequest', '{"Email":"a@example.com"}', {}, { format: 'html' }));
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it.each([
    ['the .csv ending', '/ResetCustomerPassword.csv', {}, null],
    ['?format=csv', '/ResetCustomerPassword', {}, { format: 'csv' }],
    ['Accept: text/csv', '/ResetCustomerPassword', { Accept: 'text/csv' }, null],
    ['/csv/reply/', '/csv/reply/ResetCustomerPasswordRequest', {}, null],
  ])('answers %s in CSV, to be saved as {Request}.csv', async (_name, path, headers, query) => {
    const response = await handlerWith().handler(post(path, 'Email=a%40example.com', { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, query));
    expect(response).toMatchObject({
      statusCode: 200,
      body: 'ResponseStatus\r\n\r\n',
      headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment;filename="ResetCustomerPasswordRequest.csv"' },
    });
  });

  it('answers an error in CSV without Content-Disposition (CsvFormat adds it in a response filter, which errors skip)', async () => {
    const { handler } = handlerWith(async () => {
      throw notEmpty;
    });
    const response = await handler(post('/ResetCustomerPassword.csv', ''));
    expect(response.statusCode).toBe(400);
    expect(response.body.startsWith('ResponseStatus\r\n"{ErrorCode:NotEmpty,')).toBe(true);
    expect(response.headers?.['Content-Disposition']).toBeUndefined();
  });

  it('reads no JSON, XML or JSV body on /csv/reply/ (415), only forms', async () => {
    const { handler, run } = handlerWith();
    const response = await handler(post('/csv/reply/ResetCustomerPasswordRequest', '{"Email":"a@example.com"}', { 'Content-Type': 'application/json' }));
    expect(response.statusCode).toBe(415);
    expect(response.body).toContain('Request bodies in CSV are not read');
    expect(run).not.toHaveBeenCalled();
  });

  it('answers a batch in CSV as CsvSerializer writes a list: the header once, a row per answer', async () => {
    const { handler, run } = handlerWith(async () => ({ members: { RevokedCount: 2 } }), revokeCustomerPasswordResetTokens);
    const response = await handler(post('/json/reply/RevokeCustomerPasswordResetTokensRequest[]', '[{"Email":"a@example.com"},{"Email":"b@example.com"}]', {}, { format: 'csv' }));
    expect(run).toHaveBeenCalledTimes(2);
    expect(response).toMatchObject({ statusCode: 200, body: 'RevokedCount,ResponseStatus\r\n2,\r\n2,\r\n', headers: { 'Content-Type': 'text/csv', 'X-AutoBatch-Completed': '2' } });
  });

  it('answers a batch in HTML as one table, a row per answer, every value escaped, with the page headers', async () => {
    const { handler } = handlerWith(async (dto) => ({ members: { CustomerBrandName: '<b>Acme</b>', MaskedEmail: dto.Token } }), verifyCustomerPasswordResetToken);
    const response = await handler(post('/json/reply/VerifyCustomerPasswordResetTokenRequest[]', '[{"Token":"a"},{"Token":"b&c"}]', { Accept: 'text/html' }, { format: 'html' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY' });
    expect(response.body).toContain('<h1>VerifyCustomerPasswordResetTokenResponse[]</h1>');
    expect(response.body).toContain(
      '<table><tr><th>CustomerBrandName</th><th>MaskedEmail</th><th>ExpiresAt</th></tr>' +
        '<tr><td>&lt;b&gt;Acme&lt;/b&gt;</td><td>a</td><td></td></tr><tr><td>&lt;b&gt;Acme&lt;/b&gt;</td><td>b&amp;c</td><td></td></tr></table>',
    );
  });
});
