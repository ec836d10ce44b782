import { resetCustomerPassword } from '../../../lib/wire/operations';
import { matchRoute } from '../../../lib/wire/routes';

const match = (path: string) => {
  const route = matchRoute(path, [resetCustomerPassword]);
  return route && { name: route.operation.requestName, kind: route.kind, pathFormat: route.pathFormat };
};
const name = 'ResetCustomerPasswordRequest';

describe('matchRoute', () => {
  it.each([
    ['/ResetCustomerPassword', 'custom', undefined],
    ['/resetcustomerpassword', 'custom', undefined],
    ['/ResetCustomerPassword.xml', 'custom', 'xml'],
    ['/ResetCustomerPassword.JSON', 'custom', 'json'],
    ['/ResetCustomerPassword/', 'custom', undefined],
    ['/json/reply/ResetCustomerPasswordRequest', 'predefined', 'json'],
    ['/xml/reply/resetcustomerpasswordrequest', 'predefined', 'xml'],
    ['/XML/Reply/ResetCustomerPasswordRequest', 'predefined', 'xml'],
    ['/api/ResetCustomerPasswordRequest', 'api', undefined],
    ['/api/resetCustomerPasswordRequest.xml', 'api', 'xml'],
  ])('routes %s to the operation (%s, %s)', (path, kind, pathFormat) => {
    expect(match(path)).toEqual({ name, kind, pathFormat });
  });

  it.each([
    '/',
    '/ResetCustomerPasswordX',
    '/ResetCustomerPassword.csv',
    '/json/reply/UnknownRequest',
    '/jsv/reply/ResetCustomerPasswordRequest',
    '/json/reply/ResetCustomerPasswordRequest/extra',
    '/api/Nope',
    '/metadata',
  ])('finds no operation at %s', (path) => {
    expect(match(path)).toBeUndefined();
  });
});
