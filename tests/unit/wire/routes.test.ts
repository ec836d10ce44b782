import { resetCustomerPassword } from '../../../lib/wire/operations';
import { MAX_PATH_LENGTH, matchRoute, trimTrailingSlashes } from '../../../lib/wire/routes';

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

describe('trimTrailingSlashes', () => {
  it.each([
    ['/ResetCustomerPassword///', '/ResetCustomerPassword'],
    ['/ResetCustomerPassword', '/ResetCustomerPassword'],
    ['/', '/'],
    ['////', '/'],
  ])('trims %s to %s', (path, trimmed) => {
    expect(trimTrailingSlashes(path)).toBe(trimmed);
  });

  it('takes linear time on a long run of slashes that does not end the path', () => {
    // The regular expression this replaced restarts at every slash of the run: about 15 s here for
    // 200,000 slashes, against well under a millisecond for a backward scan. The bound is 1000x slack.
    const path = `/${'/'.repeat(200_000)}x`;
    const started = performance.now();
    expect(trimTrailingSlashes(path)).toBe(path);
    expect(trimTrailingSlashes(`/a${'/'.repeat(200_000)}`)).toBe('/a');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('the path length cap', () => {
  it(`matches a path of ${MAX_PATH_LENGTH} characters, and finds no operation at a longer one`, () => {
    const route = '/ResetCustomerPassword';
    expect(match(route + '/'.repeat(MAX_PATH_LENGTH - route.length))).toEqual({ name, kind: 'custom', pathFormat: undefined });
    expect(match(route + '/'.repeat(MAX_PATH_LENGTH - route.length + 1))).toBeUndefined();
  });
});
