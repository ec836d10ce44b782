import { UnsupportedMediaTypeError } from '../../../lib/errors';
import { bodyFormat, responseFormat } from '../../../lib/wire/negotiate';

const custom = { kind: 'custom', pathFormat: undefined } as const;
const xmlReply = { kind: 'predefined', pathFormat: 'xml' } as const;
const api = { kind: 'api', pathFormat: undefined } as const;

describe('bodyFormat', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['APPLICATION/XML', 'xml'],
    ['text/xml; charset=utf-8', 'xml'],
    ['application/x-www-form-urlencoded', 'form'],
    [undefined, 'json'],
  ])('reads %s as %s on the custom route', (contentType, format) => {
    expect(bodyFormat(custom, contentType, '{}')).toBe(format);
  });

  it("reads a predefined route's own format whatever Content-Type says, except form posts", () => {
    expect(bodyFormat(xmlReply, 'application/json', '<x/>')).toBe('xml');
    expect(bodyFormat(xmlReply, 'text/plain', '<x/>')).toBe('xml');
    expect(bodyFormat(xmlReply, 'application/x-www-form-urlencoded; charset=utf-8', 'Email=a')).toBe('form');
    expect(bodyFormat(api, 'application/xml', '{}')).toBe('json');
  });

  it('needs no reader for an empty body, whatever its type', () => {
    expect(bodyFormat(custom, 'image/png', '')).toBe('empty');
  });

  it('refuses a media type the custom route does not read with 415, naming it', () => {
    expect(() => bodyFormat(custom, 'text/plain', 'Email=a')).toThrow(UnsupportedMediaTypeError);
    expect(() => bodyFormat(custom, 'Text/Plain; charset=utf-8', 'Email=a')).toThrow("The content type 'text/plain' is not supported");
  });
});

describe('responseFormat', () => {
  it('on the custom route prefers the path ending, then ?format=, then Accept', () => {
    expect(responseFormat({ kind: 'custom', pathFormat: 'xml' }, { formatParam: 'json', accept: 'application/json' })).toBe('xml');
    expect(responseFormat(custom, { formatParam: 'XML', accept: 'application/json' })).toBe('xml');
    expect(responseFormat(custom, { accept: 'application/xml' })).toBe('xml');
  });

  it("walks ServiceStack's own list against Accept, HTML then JSON first, ignoring q-values", () => {
    expect(responseFormat(custom, { accept: 'application/xml;q=1, application/json;q=0.1' })).toBe('json');
    expect(responseFormat(custom, { accept: 'text/xml;q=1, text/html;q=0.1' })).toBe('html');
    expect(responseFormat(custom, { accept: 'text/csv, text/jsv' })).toBe('jsv');
    expect(responseFormat(custom, { accept: 'text/csv' })).toBe('csv');
  });

  it('answers */* in the request body format', () => {
    expect(responseFormat(custom, { accept: '*/*', contentType: 'application/xml' })).toBe('xml');
    expect(responseFormat(custom, { accept: '*/*', contentType: 'application/json' })).toBe('json');
  });

  it('defaults to JSON', () => {
    expect(responseFormat(custom, {})).toBe('json');
    expect(responseFormat(custom, { accept: 'image/png', contentType: 'application/xml' })).toBe('json');
  });

  it('on predefined routes ignores Accept: ?format=, else the route format', () => {
    expect(responseFormat(xmlReply, { accept: 'application/json' })).toBe('xml');
    expect(responseFormat(xmlReply, { formatParam: 'json' })).toBe('json');
  });

  it('on /api/ answers JSON unless the ending or ?format= says otherwise', () => {
    expect(responseFormat(api, { accept: 'application/xml' })).toBe('json');
    expect(responseFormat(api, { formatParam: 'xml' })).toBe('xml');
    expect(responseFormat({ kind: 'api', pathFormat: 'xml' }, { formatParam: 'json' })).toBe('xml');
  });

  it('without a route follows ?format=, then Accept', () => {
    expect(responseFormat(undefined, { accept: 'application/xml' })).toBe('xml');
  });
});
