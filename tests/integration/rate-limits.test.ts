import { postJson, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { outboxDrained } from './support/table';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * A reset, answered, and its email handled by the sender: requests for one mailbox that the sender has
 * not reached yet are coalesced into one email (the newest link), and these tests count emails.
 */
async function resetAndDeliver(dto: Record<string, string>) {
  const response = await postJson('/ResetCustomerPassword', dto);
  await outboxDrained();
  return response;
}

describe('rate limits (the test stack allows 3 emails a minute per customer mailbox)', () => {
  it('answers the fourth request in a minute with 429, Retry-After and a ServiceStack body, sending nothing', async () => {
    const email = uniqueEmail('limited');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await resetAndDeliver({ Email: email })).status);

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

  it('counts a mailbox across its +tags and cases, and mails each address as typed', async () => {
    const [local, domain] = uniqueEmail('victim').split('@');
    const tagged = [`${local}+1@${domain}`, `${local}+2@${domain}`, `${local}@${domain}`, `${local!.toUpperCase()}+4@${domain!.toUpperCase()}`];

    const statuses: number[] = [];
    for (const email of tagged) statuses.push((await resetAndDeliver({ Email: email })).status);

    expect(statuses).toEqual([200, 200, 200, 429]);
    for (const email of tagged.slice(0, 3)) expect((await emailsTo(email)).map((message) => message.destination.to)).toEqual([[email]]);
    expect(await emailsTo(`${local}+4@${domain}`)).toHaveLength(0);
  });

  it('never lets more than the limit through in any minute: a clock minute starting is no reset, only the oldest send turning a minute old is', async () => {
    const email = uniqueEmail('sliding');
    const reset = () => resetAndDeliver({ Email: email });
    // Start between 1 s and 45 s into a clock minute, so the next minute starts inside the window.
    while (Date.now() % 60_000 < 1_000 || Date.now() % 60_000 > 45_000) await sleep(250);
    const first = Date.now();
    const burst = [(await reset()).status];
    await sleep(5_000);
    burst.push((await reset()).status, (await reset()).status);
    const refused = await reset();

    // A fixed window would let three more through as soon as the next clock minute starts.
    await sleep(60_000 - (Date.now() % 60_000) + 500);
    const boundaryAt = Date.now();
    const afterBoundary = await reset();
    // A minute after the first send, one more may pass; the other two are still inside their minute.
    await sleep(Math.max(0, first + 60_500 - Date.now()));
    const oneMore = await reset();
    const stillRefused = await reset();

    expect(burst).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(afterBoundary.status).toBe(429);
    // ...and the wait it names is until the first send turns a minute old.
    const untilFirstLeaves = (first + 60_000 - boundaryAt) / 1000;
    expect(Number(afterBoundary.headers.get('retry-after'))).toBeGreaterThanOrEqual(Math.floor(untilFirstLeaves));
    expect(Number(afterBoundary.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(untilFirstLeaves) + 2);
    expect(oneMore.status).toBe(200);
    expect(stillRefused.status).toBe(429);
    // The second send of the burst leaves the window about 5 s after the first.
    expect(Number(stillRefused.headers.get('retry-after'))).toBeGreaterThanOrEqual(3);
    expect(Number(stillRefused.headers.get('retry-after'))).toBeLessThanOrEqual(6);
    expect(await emailsTo(email)).toHaveLength(4);
  }, 120_000);
});
