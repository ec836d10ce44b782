import { UnsupportedMediaTypeError } from '../../../lib/errors';
import { bodyFormat, responseFormat } from '../../../lib/wire/negotiate';

describe('bodyFormat', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['APPLICATION/XML', 'xml'],
    ['text/xml; charset=utf-8', 'xml'],
    [undefined, 'json'],
  ])('reads %s as %s', (contentType, format) => {
    expect(bodyFormat(contentType, '{}')).toBe(format);
  });

  it('needs no reader for an empty body, whatever its type', () => {
    expect(bodyFormat('image/png', '')).toBe('empty');
  });

  it('refuses a media type it does not read with 415', () => {
    expect(() => bodyFormat('text/plain', 'Email=a')).toThrow(UnsupportedMediaTypeError);
  });
});

describe('responseFormat', () => {
  it('prefers the path ending, then ?format=, then Accept', () => {
    expect(responseFormat({ pathFormat: 'xml', formatParam: 'json', accept: 'application/json' })).toBe('xml');
    expect(responseFormat({ formatParam: 'XML', accept: 'application/json' })).toBe('xml');
    expect(responseFormat({ accept: 'application/xml' })).toBe('xml');
  });

  it("walks ServiceStack's own list against Accept, JSON first, ignoring q-values", () => {
    expect(responseFormat({ accept: 'application/xml;q=1, application/json;q=0.1' })).toBe('json');
  });

  it('answers */* in the request body format', () => {
    expect(responseFormat({ accept: '*/*', contentType: 'application/xml' })).toBe('xml');
    expect(responseFormat({ accept: '*/*', contentType: 'application/json' })).toBe('json');
  });

  it('defaults to JSON', () => {
    expect(responseFormat({})).toBe('json');
    expect(responseFormat({ accept: 'text/html', contentType: 'application/xml' })).toBe('json');
  });
});
