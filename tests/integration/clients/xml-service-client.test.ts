import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { send, uniqueEmail } from '../support/http';
import { emailsTo, tokenFromEmail } from '../support/inbox';

/*
 * ServiceStack's .NET XmlServiceClient cannot run here, so these tests replay the exact bytes it
 * sends: a DataContract document (as on the seed page: both namespaces on the root, members in
 * alphabetical order, nulls as i:nil) POSTed to /xml/reply/{Request} with Content-Type and Accept
 * application/xml. The literal documents below are written out, not produced by the service's code.
 */
const ROOT_NAMESPACES =
  'xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration"';
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
const golden = (name: string): string => readFileSync(join(__dirname, '../../golden', name), 'utf8');

const document = (requestName: string, members: string, declaration: string) => `${declaration}<${requestName} ${ROOT_NAMESPACES}>${members}</${requestName}>`;

const postAsXmlClient = (requestName: string, body: string) =>
  send('POST', `/xml/reply/${requestName}`, body, { 'Content-Type': 'application/xml', Accept: 'application/xml' });

// Whether the client's XmlWriter writes a declaration depends on its settings: both are accepted.
describe.each([
  { writer: 'with an XML declaration', declaration: DECLARATION },
  { writer: 'without a declaration', declaration: '' },
])('bytes a ServiceStack XmlServiceClient sends, $writer', ({ declaration }) => {
  it('requests a reset and gets the DataContract success document; the email arrives', async () => {
    const email = uniqueEmail('xml-client');
    const body = document('ResetCustomerPasswordRequest', `<CustomerBrandName>PumpAlarm</CustomerBrandName><Email>${email}</Email>`, declaration);

    const response = await postAsXmlClient('ResetCustomerPasswordRequest', body);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.body).toBe(golden('reset-success.xml'));
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('gets the validation error with both field errors as ResponseError elements', async () => {
    const body = document('ResetCustomerPasswordRequest', '<CustomerBrandName>NoSuchBrand</CustomerBrandName><Email i:nil="true" />', declaration);

    const response = await postAsXmlClient('ResetCustomerPasswordRequest', body);

    expect(response.status).toBe(400);
    expect(response.body).toBe(golden('reset-validation-error.xml'));
  });

  it('verifies and completes with the emailed token, and gets the used-token error the second time', async () => {
    const email = uniqueEmail('xml-client-flow');
    await postAsXmlClient('ResetCustomerPasswordRequest', document('ResetCustomerPasswordRequest', `<Email>${email}</Email>`, declaration));
    const [message] = await emailsTo(email);
    const token = tokenFromEmail(message!);

    const verified = await postAsXmlClient('VerifyCustomerPasswordResetTokenRequest', document('VerifyCustomerPasswordResetTokenRequest', `<Token>${token}</Token>`, declaration));
    const completeBody = document('CompleteCustomerPasswordResetRequest', `<Locale i:nil="true" /><Token>${token}</Token>`, declaration);
    const completed = await postAsXmlClient('CompleteCustomerPasswordResetRequest', completeBody);
    const used = await postAsXmlClient('CompleteCustomerPasswordResetRequest', completeBody);

    expect(verified.status).toBe(200);
    expect(verified.body).toMatch(/<CustomerBrandName>PumpAlarm<\/CustomerBrandName><ExpiresAt>[^<]+<\/ExpiresAt><MaskedEmail>[^<]+<\/MaskedEmail><ResponseStatus xmlns:d2p1="http:\/\/schemas.servicestack.net\/types" i:nil="true" \/>/);
    expect(completed.status).toBe(200);
    expect(completed.body).toContain(`<CustomerBrandName>PumpAlarm</CustomerBrandName><Email>${email}</Email><ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types" i:nil="true" />`);
    expect(used.status).toBe(400);
    expect(used.body).toBe(golden('complete-token-used.xml'));
  });
});
