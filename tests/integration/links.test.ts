import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customerKey } from '../../lib/adapters/dynamodb-customer-directory';
import { createCustomerAccounts } from '../../local/portal/accounts';
import { createServiceApi } from '../../local/portal/api';
import { createCustomerStore } from '../../local/portal/customers';
import { verifyPassword } from '../../local/portal/password';
import { send, UNISSUED_TOKEN, uniqueEmail } from './support/http';
import { emailsTo } from './support/inbox';
import { complete, errorCodeOf, requestReset, revoke, verify } from './support/reset';
import { apiUrl, customerTableName, dynamodb, portalUrl } from './support/stack';
import { addCustomer, tokenItemOf } from './support/table';

/**
 * Links that end when they should (RESET.md, step 5): the portal's revoke, a link whose address the
 * brand's directory no longer holds, and the reference portal's own password and address changes.
 */
const golden = (name: string): string => readFileSync(join(__dirname, '../golden', name), 'utf8');
const aquaGuard = { CustomerBrandName: 'AquaGuard' };

/** The reference portal's account changes, run against the test stack's service and customers table. */
const accounts = createCustomerAccounts(createCustomerStore(dynamodb, customerTableName), createServiceApi(apiUrl, undefined), () => undefined);

async function isInDirectory(brandKey: string, email: string): Promise<boolean> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: customerTableName, Key: { pk: { S: customerKey(brandKey, email) } }, ConsistentRead: true }));
  return Item !== undefined;
}

/** Submits the portal's new-password form with the link's token in its cookie, as the browser would. */
const submitNewPassword = (brandPath: string, token: string) =>
  fetch(`${portalUrl}/${brandPath}/reset-password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `reset_token=${token}` },
    body: new URLSearchParams({ password: 'a quiet harbour at dawn', confirmation: 'a quiet harbour at dawn' }),
  });

describe('RevokeCustomerPasswordResetTokens', () => {
  it('ends the live link of the mailbox: verify and complete then answer TokenNotFound, and a second revoke ends none', async () => {
    const email = uniqueEmail('revoke');
    const token = await requestReset(email);
    expect((await verify(token)).status).toBe(200);

    const revoked = await revoke(email);

    expect([revoked.status, revoked.body]).toEqual([200, golden('revoke-success.json')]);
    expect(errorCodeOf((await verify(token)).body)).toBe('TokenNotFound');
    expect(errorCodeOf((await complete(token)).body)).toBe('TokenNotFound');
    expect(await tokenItemOf('PumpAlarm', email)).toBeUndefined();
    expect((await revoke(email)).body).toBe(golden('revoke-none.json'));
    // Nothing is sent: the customer changed the password, or the address, themselves.
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('ends the link of every address of the mailbox, on the XML routes too, and only of that brand', async () => {
    const email = uniqueEmail('revoke-xml');
    const [local, domain] = email.split('@');
    const pumpAlarm = await requestReset(`${local}+news@${domain}`);
    await addCustomer('AquaGuard', email);
    const other = await requestReset(email, aquaGuard);

    const revoked = await send(
      'POST',
      '/xml/reply/RevokeCustomerPasswordResetTokensRequest',
      `<RevokeCustomerPasswordResetTokensRequest xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"><Email>${email.toUpperCase()}</Email></RevokeCustomerPasswordResetTokensRequest>`,
      { 'Content-Type': 'application/xml' },
    );

    expect([revoked.status, revoked.body]).toEqual([200, golden('revoke-success.xml')]);
    expect(errorCodeOf((await verify(pumpAlarm)).body)).toBe('TokenNotFound');
    expect((await verify(other)).status).toBe(200);
  });

  it('leaves a used link as it is: it still reads as used, and counts as none', async () => {
    const email = uniqueEmail('revoke-used');
    const token = await requestReset(email);
    expect((await complete(token)).status).toBe(200);

    expect((await revoke(email)).body).toBe(golden('revoke-none.json'));
    expect(errorCodeOf((await verify(token)).body)).toBe('TokenUsed');
    // The notice the redeeming write queued on the item still goes out.
    expect((await emailsTo(email)).map((m) => m.subject)).toEqual(['Reset your PumpAlarm password', 'Your PumpAlarm password reset link was used']);
  });
});

describe('a link outlives neither the address nor the password it was made for', () => {
  it("refuses, as an unknown token, a link mailed to old@ after the directory moved the customer to new@, using nothing up and making no account", async () => {
    const [oldAddress, newAddress] = [uniqueEmail('moved-old'), uniqueEmail('moved-new')];
    await addCustomer('AquaGuard', oldAddress);
    const token = await requestReset(oldAddress, aquaGuard);
    // The address changes by another path than the reference portal (which would also revoke).
    await dynamodb.send(new DeleteItemCommand({ TableName: customerTableName, Key: { pk: { S: customerKey('aquaguard', oldAddress) } } }));
    await addCustomer('AquaGuard', newAddress);

    const completed = await complete(token);
    const unknown = await complete(UNISSUED_TOKEN);

    expect(completed.status).toBe(400);
    expect(completed.body).toBe(unknown.body);
    expect(errorCodeOf(completed.body)).toBe('TokenNotFound');
    expect((await tokenItemOf('AquaGuard', oldAddress))?.usedAt).toBeUndefined();
    // Through the reference portal: the link is not recognised, and old@ gets no account back.
    const portal = await submitNewPassword('aquaguard', token);
    expect(portal.status).toBe(400);
    expect(await portal.text()).toContain('We do not recognise this link');
    expect(await isInDirectory('aquaguard', oldAddress)).toBe(false);
    expect(await emailsTo(oldAddress)).toHaveLength(1);
  });

  it('ends the link when the password is changed another way (the portal stores it, then revokes)', async () => {
    const email = uniqueEmail('changed-elsewhere');
    await addCustomer('AquaGuard', email);
    const token = await requestReset(email, aquaGuard);

    expect(await accounts.setPassword('AquaGuard', email, '$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA')).toBe(true);

    expect(errorCodeOf((await verify(token)).body)).toBe('TokenNotFound');
    const portal = await submitNewPassword('aquaguard', token);
    expect([portal.status, await portal.text()]).toEqual([400, expect.stringContaining('We do not recognise this link')]);
  });

  it("ends the old address's link when the portal changes a customer's address, and the new address can ask for one", async () => {
    const [oldAddress, newAddress] = [uniqueEmail('portal-old'), uniqueEmail('portal-new')];
    await addCustomer('AquaGuard', oldAddress);
    const token = await requestReset(oldAddress, aquaGuard);

    expect(await accounts.changeEmail('AquaGuard', oldAddress, newAddress)).toBe('changed');

    expect(errorCodeOf((await verify(token)).body)).toBe('TokenNotFound');
    expect([await isInDirectory('aquaguard', oldAddress), await isInDirectory('aquaguard', newAddress)]).toEqual([false, true]);
    const fresh = await requestReset(newAddress, aquaGuard);
    const portal = await submitNewPassword('aquaguard', fresh);
    expect([portal.status, portal.headers.get('location')]).toEqual([303, '/aquaguard/reset-password/done']);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: customerTableName, Key: { pk: { S: customerKey('aquaguard', newAddress) } } }));
    await expect(verifyPassword('a quiet harbour at dawn', Item!.passwordHash!.S!)).resolves.toBe(true);
  });
});
