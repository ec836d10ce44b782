import { SerializationError } from '../../../lib/errors';
import { decodeJsonRequest } from '../../../lib/wire/json';
import { bodyFormat, responseFormat } from '../../../lib/wire/negotiate';
import { DTO_NAMESPACE, resetCustomerPassword } from '../../../lib/wire/operations';
import { matchRoute } from '../../../lib/wire/routes';
import { decodeXmlRequest } from '../../../lib/wire/xml';

const messageOf = (decode: () => unknown): string => {
  try {
    decode();
  } catch (error) {
    if (error instanceof SerializationError) return error.message;
    throw error;
  }
  throw new Error('the body was accepted');
};

describe('matchRoute: a route matches the whole path', () => {
  it.each([
    '/v1/json/reply/ResetCustomerPasswordRequest',
    '/json/reply/ResetCustomerPasswordRequest/extra',
    '/x/api/ResetCustomerPasswordRequest',
    '/api/ResetCustomerPasswordRequest/extra',
    '/api/ResetCustomerPasswordRequest.json.xml',
    '/ResetCustomerPassword.json/x',
  ])('finds nothing at %s', (path) => {
    expect(matchRoute(path, [resetCustomerPassword])).toBeUndefined();
  });

  it('ignores any number of trailing slashes', () => {
    expect(matchRoute('/ResetCustomerPassword///', [resetCustomerPassword])).toMatchObject({ kind: 'custom' });
    expect(matchRoute('/json/reply/ResetCustomerPasswordRequest//', [resetCustomerPassword])).toMatchObject({ kind: 'predefined', pathFormat: 'json' });
  });
});

describe('negotiation edges', () => {
  it('reads a body of white space as no body', () => {
    expect(bodyFormat({ kind: 'custom', pathFormat: undefined }, 'text/plain', ' \r\n\t')).toBe('empty');
  });

  it('ignores a ?format= it does not speak, keeping the route or Accept', () => {
    expect(responseFormat({ kind: 'predefined', pathFormat: 'xml' }, { formatParam: 'msgpack' })).toBe('xml');
    expect(responseFormat({ kind: 'custom', pathFormat: undefined }, { formatParam: 'soap12', accept: 'application/xml' })).toBe('xml');
    expect(responseFormat(undefined, { formatParam: 'yaml', accept: 'text/xml' })).toBe('xml');
  });

  it('answers Accept */* in JSON when the request was in neither JSON nor XML', () => {
    expect(responseFormat({ kind: 'custom', pathFormat: undefined }, { accept: '*/*', contentType: 'application/x-www-form-urlencoded' })).toBe('json');
    expect(responseFormat({ kind: 'custom', pathFormat: undefined }, { accept: '*/*', contentType: 'text/xml' })).toBe('xml');
  });
});

describe('decodeJsonRequest edges', () => {
  const decode = (body: string) => decodeJsonRequest(body, resetCustomerPassword);

  it('reads a body of white space as an empty DTO', () => {
    expect(decode(' \n\t ')).toEqual({});
  });
});

describe('decodeXmlRequest: only attributes declare, and only nil="true" empties', () => {
  const XSI = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';
  const decode = (xml: string) => decodeXmlRequest(xml, resetCustomerPassword);

  it('reads a member whose other attributes say true', () => {
    expect(decode(`<ResetCustomerPasswordRequest ${XSI} xmlns="${DTO_NAMESPACE}"><Email verified="true">a@b.com</Email></ResetCustomerPasswordRequest>`)).toEqual({ Email: 'a@b.com' });
  });

  it('does not take a child element for a namespace declaration', () => {
    const xml = `<ResetCustomerPasswordRequest xmlns="urn:other"><xxmlns>${DTO_NAMESPACE}</xxmlns><Email>a@b.com</Email></ResetCustomerPasswordRequest>`;
    expect(messageOf(() => decode(xml))).toMatch(/expecting element 'ResetCustomerPasswordRequest' from namespace 'http:\/\/schemas\.datacontract\.org\/2004\/07\/Registrar\.Model\.Model\.Transactions\.UserRegistration'$/);
  });

  it('says when a document is not well-formed', () => {
    expect(messageOf(() => decode('<a><b></a>'))).toMatch(/the document is not well-formed XML$/);
  });

  it('reads a root with only text, or text beside its members, by its members', () => {
    expect(decode(`<ResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}">stray<Email>a@b.com</Email></ResetCustomerPasswordRequest>`)).toEqual({ Email: 'a@b.com' });
    expect(decode(`<ResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}">stray</ResetCustomerPasswordRequest>`)).toEqual({});
  });
});
