import { resetCustomerPassword } from '../../../lib/wire/operations';
import { MAX_PATH_LENGTH, matchRoute, trimTrailingSlashes } from '../../../lib/wire/routes';

const match = (path: string) => {
  const route = matchRoute(path, [resetCustomerPassword]);
  return route && { name: route.operation.requestName, kind: route.kind, pathFormat: route.pathFormat };
};
const predefined = (path: string) => {
  const route = matchRoute(path, [resetCustomerPassword]);
  return route && { format: route.pathFormat, endpoint: route.endpoint, batch: route.batch };
};
const name = 'ResetCustomerPasswordRequest';

describe('matchRoute', () => {
  it.each([
    ['/ResetCustomerPassword', 'custom', undefined],
    ['/resetcustomerpassword', 'custom', undefined],
    ['/ResetCustomerPassword.xml', 'custom', 'xml'],
    ['/ResetCustomerPassword.JSON', 'custom', 'json'],
    ['/ResetCustomerPassword.jsv', 'custom', 'jsv'],
    ['/ResetCustomerPassword.csv', 'custom', 'csv'],
    ['/ResetCustomerPassword.HTML', 'custom', 'html'],
    ['/html/reply/ResetCustomerPasswordRequest', 'predefined', 'html'],
    ['/html/oneway/ResetCustomerPasswordRequest', 'predefined', 'html'],
    ['/csv/reply/ResetCustomerPasswordRequest', 'predefined', 'csv'],
    ['/jsv/reply/ResetCustomerPasswordRequest', 'predefined', 'jsv'],
    ['/jsv/oneway/resetcustomerpasswordrequest', 'predefined', 'jsv'],
    ['/api/ResetCustomerPasswordRequest.jsv', 'api', 'jsv'],
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
    '/ResetCustomerPassword.htm',
    '/json/reply/UnknownRequest',
    '/text/reply/ResetCustomerPasswordRequest',
    '/json/send/ResetCustomerPasswordRequest',
    '/json/reply/ResetCustomerPasswordRequest[',
    '/json/reply/ResetCustomerPasswordRequest[][]',
    '/json/reply/ResetCustomerPasswordRequest%5B',
    '/json/reply/ResetCustomerPasswordRequest/extra',
    '/api/Nope',
    '/metadata',
  ])('finds no operation at %s', (path) => {
    expect(match(path)).toBeUndefined();
  });
});

describe('matchRoute on predefined routes', () => {
  it.each([
    ['/json/reply/ResetCustomerPasswordRequest', { format: 'json', endpoint: 'reply', batch: false }],
    ['/XML/OneWay/ResetCustomerPasswordRequest', { format: 'xml', endpoint: 'oneway', batch: false }],
    ['/json/reply/ResetCustomerPasswordRequest[]', { format: 'json', endpoint: 'reply', batch: true }],
    ['/jsv/reply/ResetCustomerPasswordRequest%5b%5D', { format: 'jsv', endpoint: 'reply', batch: true }],
    ['/xml/oneway/ResetCustomerPasswordRequest[]/', { format: 'xml', endpoint: 'oneway', batch: true }],
  ])('reads %s as %j', (path, expected) => {
    expect(predefined(path)).toEqual(expected);
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
