import { decodeFormRequest, mergeQuery } from '../../../lib/wire/form';
import { decodeJsonRequest } from '../../../lib/wire/json';
import { DTO_NAMESPACE, resetCustomerPassword } from '../../../lib/wire/operations';
import { decodeXmlRequest } from '../../../lib/wire/xml';

const xml = (inner: string) =>
  `<ResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DTO_NAMESPACE}">${inner}</ResetCustomerPasswordRequest>`;

describe('a field given twice: the last value wins, in every format (docs/api.md)', () => {
  it.each([
    ['JSON, the same key', () => decodeJsonRequest('{"Email":"first@example.com","Email":"last@example.com"}', resetCustomerPassword)],
    ['JSON, two cases of a key', () => decodeJsonRequest('{"EMAIL":"first@example.com","email":"last@example.com"}', resetCustomerPassword)],
    ['a form, the same name', () => decodeFormRequest('Email=first%40example.com&Email=last%40example.com', resetCustomerPassword)],
    ['a form, two cases of a name', () => decodeFormRequest('email=first%40example.com&EMAIL=last%40example.com', resetCustomerPassword)],
    ['XML, the same element', () => decodeXmlRequest(xml('<Email>first@example.com</Email><Email>last@example.com</Email>'), resetCustomerPassword)],
    ['XML, the same element apart', () => decodeXmlRequest(xml('<Email>first@example.com</Email><CustomerBrandName>A</CustomerBrandName><Email>last@example.com</Email>'), resetCustomerPassword)],
  ])('%s', (_case, decode) => {
    expect(decode().Email).toBe('last@example.com');
  });

  it('reads a last null or nil as absent, whatever came before', () => {
    expect(decodeJsonRequest('{"Email":"first@example.com","email":null}', resetCustomerPassword)).toEqual({});
    expect(decodeXmlRequest(xml('<Email>first@example.com</Email><Email i:nil="true" />'), resetCustomerPassword)).toEqual({});
  });

  it('lets the query string override the body on the custom route, and only fill gaps on predefined routes', () => {
    const body = { Email: 'body@example.com' };
    const query = { email: 'query@example.com', CustomerBrandName: 'AquaGuard' };
    expect(mergeQuery('custom', body, query, resetCustomerPassword)).toEqual({ Email: 'query@example.com', CustomerBrandName: 'AquaGuard' });
    expect(mergeQuery('predefined', body, query, resetCustomerPassword)).toEqual({ Email: 'body@example.com', CustomerBrandName: 'AquaGuard' });
    expect(mergeQuery('api', body, query, resetCustomerPassword)).toEqual({ Email: 'body@example.com', CustomerBrandName: 'AquaGuard' });
  });

  it('leaves a field the query string does not name as the body gave it, on the custom route too', () => {
    expect(mergeQuery('custom', { Email: 'body@example.com' }, { CustomerBrandName: 'AquaGuard' }, resetCustomerPassword)).toEqual({
      Email: 'body@example.com',
      CustomerBrandName: 'AquaGuard',
    });
  });
});
