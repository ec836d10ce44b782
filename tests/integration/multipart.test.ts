import { send, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';

/** A body and Content-Type as a browser's FormData posts them (Node's fetch builds them the same way). */
async function formData(fields: Record<string, string | Blob>): Promise<{ body: string; type: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: await request.text(), type: request.headers.get('content-type')! };
}

describe('multipart/form-data posts', () => {
  it('are read like form posts: the reset is sent', async () => {
    const email = uniqueEmail('multipart');
    const { body, type } = await formData({ Email: email, CustomerBrandName: 'PumpAlarm' });

    const response = await send('POST', '/ResetCustomerPassword', body, { 'Content-Type': type });

    expect(response.status).toBe(200);
    expect(response.body).toBe('{}');
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('with a file are refused with 415, and nothing is sent', async () => {
    const email = uniqueEmail('multipart-file');
    const { body, type } = await formData({ Email: email, photo: new Blob(['not really a picture'], { type: 'text/plain' }) });

    const response = await send('POST', '/xml/reply/ResetCustomerPasswordRequest', body, { 'Content-Type': type });

    expect(response.status).toBe(415);
    expect(response.body).toContain('<d2p1:ErrorCode>UnsupportedMediaType</d2p1:ErrorCode>');
    expect(response.body).toContain("Files are not accepted: part 2 ('photo') is a file");
    expect(await emailsTo(email)).toHaveLength(0);
  });
});
