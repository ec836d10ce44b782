import { loadConfig } from '../../lib/config';
import { ValidationError } from '../../lib/errors';
import { createHttpHandler, type OperationHandler } from '../../lib/http';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { apiGatewayEvent } from '../fixtures/api-gateway-event';

const config = loadConfig({ TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const notEmpty = new ValidationError([{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }]);
const JSV_ERROR = "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Email' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:Email,Message:'Email' must not be empty.}]}}";

function handlerWith(run: OperationHandler = async () => ({})) {
  const spy = jest.fn(run);
  return { handler: createHttpHandler(config, [{ spec: resetCustomerPassword, run: spy }]), run: spy };
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
