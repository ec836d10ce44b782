import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { postJson, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { customerTableName, dynamodb, testPorts } from './support/stack';

const root = join(__dirname, '../..');

/** A loopback port nothing listens on: one the kernel just handed out, closed again. */
const closedPort = () =>
  new Promise<string>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(String(port)));
    });
  });
const addCustomer = (...args: string[]) => addCustomerOn(testPorts.DYNAMODB_PORT, ...args);
const addCustomerOn = (port: string, ...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'add-customer', '--', ...args], { cwd: root, env: { ...process.env, DYNAMODB_PORT: port }, encoding: 'utf8' });

describe('npm run add-customer', () => {
  it("adds an address to a brand's directory, which then gets reset links", async () => {
    const email = uniqueEmail('added');
    await postJson('/ResetCustomerPassword', { Email: email, CustomerBrandName: 'AquaGuard' });
    expect(await emailsTo(email)).toEqual([]);

    const result = addCustomer('--brand', 'AquaGuard', '--email', email.toUpperCase());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Added aquaguard#${email} to ${customerTableName}`);
    const item = await dynamodb.send(new GetItemCommand({ TableName: customerTableName, Key: { pk: { S: `aquaguard#${email}` } } }));
    expect(item.Item).toBeDefined();

    await postJson('/ResetCustomerPassword', { Email: email, CustomerBrandName: 'AquaGuard' });
    expect((await emailsTo(email)).map((m) => m.subject)).toEqual(['Reset your AquaGuard password']);
  });

  it('names the brands it knows when the brand or address is missing, and exits non-zero', () => {
    const result = addCustomer('--brand', 'Nope', '--email', 'x@example.com');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Usage: npm run add-customer -- --brand <PumpAlarm, AquaGuard> --email <address>');
  });

  it("refuses an address the service would refuse, with the service's reason, and stores nothing", async () => {
    const result = addCustomer('--brand', 'AquaGuard', '--email', 'Jane <jane@example.com>');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("'Email' is not a valid email address: give the address alone, without a name, angle brackets or comments.");
    const item = await dynamodb.send(new GetItemCommand({ TableName: customerTableName, Key: { pk: { S: 'aquaguard#jane <jane@example.com>' } } }));
    expect(item.Item).toBeUndefined();
  });

  it('says which port it tried, and which variable moves it, when no DynamoDB Local answers there', async () => {
    const port = await closedPort();
    const result = addCustomerOn(port, '--brand', 'AquaGuard', '--email', 'x@example.com');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`No DynamoDB Local answers on 127.0.0.1:${port}: start the stack with npm start, or set DYNAMODB_PORT`);
  });
});
