import { postJson, uniqueEmail, type HttpResult } from './support/http';
import { emailsTo } from './support/inbox';
import { median } from '../../bench/stats';
import { ksStatistic } from './support/statistics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { addCustomer, outboxDrained, tokenItemOf, type Item } from './support/table';

const SAMPLES = 150;

async function timed(email: string): Promise<{ ms: number; response: HttpResult }> {
  const started = performance.now();
  const response = await postJson('/ResetCustomerPassword', { Email: email, CustomerBrandName: 'AquaGuard' });
  return { ms: performance.now() - started, response };
}

const visible = (r: HttpResult) => ({ status: r.status, body: r.body, headers: [...r.headers.entries()].filter(([name]) => name !== 'date') });

describe('no account enumeration (AquaGuard checks the customers table)', () => {
  it('answers customers and strangers alike in status, headers, body and latency distribution', async () => {
    const customers = Array.from({ length: SAMPLES }, (_, i) => uniqueEmail(`enum-known-${i}`));
    const strangers = Array.from({ length: SAMPLES }, (_, i) => uniqueEmail(`enum-stranger-${i}`));
    await Promise.all(customers.map((email) => addCustomer('AquaGuard', email)));
    // Warm the function up.
    for (let i = 0; i < 10; i++) await timed(uniqueEmail('enum-warm'));

    const known: number[] = [];
    const unknown: number[] = [];
    const answers = new Set<string>();
    // Interleaved, so drift on a shared machine hits both groups alike.
    for (let i = 0; i < SAMPLES; i++) {
      const k = await timed(customers[i]!);
      const u = await timed(strangers[i]!);
      known.push(k.ms);
      unknown.push(u.ms);
      answers.add(JSON.stringify(visible(k.response))).add(JSON.stringify(visible(u.response)));
    }

    expect(answers.size).toBe(1);
    expect(await emailsTo(strangers[0]!)).toHaveLength(0);
    expect(await emailsTo(customers[0]!)).toHaveLength(1);
    // The statistic: the two-sample Kolmogorov–Smirnov distance D between the latency samples. At
    // 150 samples each, D above 0.16 would separate them at the 5% level; the limit of 0.25 leaves
    // room for a shared test machine while still failing when one path does visibly less work (a
    // directory lookup on the request path alone made strangers 9 ms faster here: D = 0.50).
    const d = ksStatistic(known, unknown);
    const report = `D=${d.toFixed(3)}, median known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`;
    // On failure Jest prints the report, the figures a reader needs.
    expect(d < 0.25 ? 'alike' : report).toBe('alike');
  }, 120_000);

  it("leaves a customer's item and a stranger's alike, attribute for attribute and size for size, once the sender has handled both", async () => {
    const customer = uniqueEmail('shape-known');
    const stranger = uniqueEmail('shape-stranger');
    await addCustomer('AquaGuard', customer);
    await timed(customer);
    await timed(stranger);
    const shape = (item: Item | undefined) => Object.fromEntries(Object.entries(item ?? {}).map(([name, value]) => [name, sizeOf(value)]));

    // (The request's write itself is one PutItem of one size for both: tests/unit/no-tell-in-errors.test.ts.)
    await outboxDrained();
    const [customerItem, strangerItem] = [await tokenItemOf('AquaGuard', customer), await tokenItemOf('AquaGuard', stranger)];
    expect(customerItem?.handledAt).toBeDefined();
    expect(shape(strangerItem)).toEqual(shape(customerItem));
    // What the sender found out is nowhere in the table: the customer got a link, the stranger nothing.
    expect([await emailsTo(customer), await emailsTo(stranger)].map((emails) => emails.length)).toEqual([1, 0]);
  });
});

/** An attribute's kind and size in bytes, as DynamoDB counts it. */
function sizeOf(value: AttributeValue): string {
  const [kind, content] = Object.entries(value)[0]!;
  return `${kind}:${content instanceof Uint8Array ? content.length : Buffer.byteLength(String(content))}`;
}
