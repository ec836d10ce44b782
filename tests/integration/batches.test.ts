import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_BATCH_REQUESTS } from '../../lib/http';
import { DTO_NAMESPACE } from '../../lib/wire/operations';
import { send, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';

/**
 * Auto-batched requests through HTTP: API Gateway's resource paths cannot hold brackets, so
 * `.../{Request}[]` reaches the public function through its catch-all, as it would deployed.
 */
describe('auto-batched reset requests', () => {
  it.each(['/json/reply/ResetCustomerPasswordRequest[]', '/json/reply/ResetCustomerPasswordRequest%5B%5D'])(
    'POST %s runs each request, sends each email and answers a list',
    async (path) => {
      const emails = [uniqueEmail('batch-a'), uniqueEmail('batch-b')];

      const response = await send('POST', path, JSON.stringify(emails.map((Email) => ({ Email }))), { 'Content-Type': 'application/json' });

      expect(response.status).toBe(200);
      expect(response.body).toBe('[{},{}]');
      expect(response.headers.get('x-autobatch-completed')).toBe('2');
      for (const email of emails) expect(await emailsTo(email)).toHaveLength(1);
    },
  );

  it('POST /xml/reply/ResetCustomerPasswordRequest[] reads a DataContract list, sends each email and answers the list .NET writes', async () => {
    const emails = [uniqueEmail('batch-xml-a'), uniqueEmail('batch-xml-b')];
    const items = emails.map((email) => `<ResetCustomerPasswordRequest><Email>${email}</Email></ResetCustomerPasswordRequest>`).join('');

    const response = await send('POST', '/xml/reply/ResetCustomerPasswordRequest[]', `<ArrayOfResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}">${items}</ArrayOfResetCustomerPasswordRequest>`, {
      'Content-Type': 'application/xml',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.body).toBe(readFileSync(join(__dirname, '../golden/batch/reset-list.xml'), 'utf8'));
    for (const email of emails) expect(await emailsTo(email)).toHaveLength(1);
  });

  it('answers a batch in CSV for ?format=csv: the header once, a row per answer', async () => {
    const emails = [uniqueEmail('batch-csv-a'), uniqueEmail('batch-csv-b')];

    const response = await send('POST', '/json/reply/ResetCustomerPasswordRequest[]?format=csv', JSON.stringify(emails.map((Email) => ({ Email }))), {
      'Content-Type': 'application/json',
    });

    expect(response.status).toBe(200);
    // The local server (hapi) adds the charset to text/ types; the function answers text/csv.
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.body).toBe('ResponseStatus\r\n\r\n\r\n');
    for (const email of emails) expect(await emailsTo(email)).toHaveLength(1);
  });

  it('stops at the first invalid request: 400 with its index, the requests before it done, none after', async () => {
    const [first, last] = [uniqueEmail('batch-first'), uniqueEmail('batch-last')];

    const response = await send('POST', '/jsv/reply/ResetCustomerPasswordRequest[]', `[{Email:${first}},{Email:not-an-address},{Email:${last}}]`);

    expect(response.status).toBe(400);
    // The local server (hapi) adds the charset to text/ types; the function answers text/jsv.
    expect(response.headers.get('content-type')).toBe('text/jsv; charset=utf-8');
    expect(response.headers.get('x-autobatch-completed')).toBe('1');
    expect(response.body).toMatch(/^\{ResponseStatus:\{ErrorCode:Email,.*,Meta:\{AutoBatchIndex:1\}\}\}$/);
    expect(await emailsTo(first)).toHaveLength(1);
    expect(await emailsTo(last)).toHaveLength(0);
  });

  it(`refuses more than ${MAX_BATCH_REQUESTS} requests with 400 BatchTooLarge and sends nothing`, async () => {
    const emails = Array.from({ length: MAX_BATCH_REQUESTS + 1 }, (_, i) => uniqueEmail(`batch-cap-${i}`));

    const response = await send('POST', '/json/reply/ResetCustomerPasswordRequest[]', JSON.stringify(emails.map((Email) => ({ Email }))));

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ResponseStatus: { ErrorCode: 'BatchTooLarge' } });
    expect(await emailsTo(emails[0]!)).toHaveLength(0);
  });
});
