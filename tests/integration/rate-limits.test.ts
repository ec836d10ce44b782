import { postJson, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';

describe('rate limits (the test stack allows 3 emails a minute per customer)', () => {
  it('answers the fourth request in a minute with 429, Retry-After and a ServiceStack body, sending nothing', async () => {
    const email = uniqueEmail('limited');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson('/ResetCustomerPassword', { Email: email })).status);

    const refused = await postJson('/ResetCustomerPassword', { Email: email.toUpperCase() });

    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(JSON.parse(refused.body)).toEqual({
      ResponseStatus: { ErrorCode: 'TooManyRequests', Message: `Too many reset requests. Try again in ${retryAfter} seconds.`, Errors: [] },
    });
    expect(await emailsTo(email)).toHaveLength(3);
  });

  it('limits unknown addresses exactly like customers, so a 429 reveals nothing', async () => {
    const stranger = uniqueEmail('limited-stranger');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postJson('/ResetCustomerPassword', { Email: stranger, CustomerBrandName: 'AquaGuard' })).status);

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await emailsTo(stranger)).toHaveLength(0);
  });
});
