import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerializationError } from '../../../lib/errors';
import { DTO_NAMESPACE, errorResponse, resetCustomerPassword, SERVICESTACK_NAMESPACE } from '../../../lib/wire/operations';
import { decodeXmlBatch, decodeXmlRequest, encodeXmlResponse } from '../../../lib/wire/xml';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures', name), 'utf8');
const decode = (xml: string) => decodeXmlRequest(xml, resetCustomerPassword);
const request = (inner: string, rootAttributes = `xmlns="${DTO_NAMESPACE}"`) =>
  `<ResetCustomerPasswordRequest ${rootAttributes}>${inner}</ResetCustomerPasswordRequest>`;

describe('decodeXmlRequest', () => {
  it('reads the seed page sample body byte for byte', () => {
    expect(decode(fixture('seed-request.xml'))).toEqual({ CustomerBrandName: 'String', Email: 'String' });
  });

  it('accepts Email before CustomerBrandName, which the old host silently dropped', () => {
    expect(decode(request('<Email>a@b.com</Email><CustomerBrandName>AquaGuard</CustomerBrandName>'))).toEqual({
      Email: 'a@b.com',
      CustomerBrandName: 'AquaGuard',
    });
  });

  it('accepts an XML declaration and a prefixed root in the DTO namespace', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><r:ResetCustomerPasswordRequest xmlns:r="${DTO_NAMESPACE}"><r:Email>a@b.com</r:Email></r:ResetCustomerPasswordRequest>`;
    expect(decode(xml)).toEqual({ Email: 'a@b.com' });
  });

  it('ignores unknown elements and elements of other namespaces', () => {
    expect(decode(request('<Email>a@b.com</Email><Phone>1</Phone><x:CustomerBrandName xmlns:x="urn:other">AquaGuard</x:CustomerBrandName>'))).toEqual({
      Email: 'a@b.com',
    });
  });

  it('reads i:nil as absent and decodes entities', () => {
    const xml = request('<CustomerBrandName i:nil="true"/><Email>a&amp;b&#64;c.com</Email>', `xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DTO_NAMESPACE}"`);
    expect(decode(xml)).toEqual({ Email: 'a&b@c.com' });
  });

  it('decodes hexadecimal character references and entities in attributes', () => {
    const xml = request('<Email>a&#x40;b.com</Email>', `xmlns="${DTO_NAMESPACE.replace('.Model', '&#46;Model')}"`);
    expect(decode(xml)).toEqual({ Email: 'a@b.com' });
  });

  it('treats an empty body as an empty DTO', () => {
    expect(decode('  ')).toEqual({});
  });

  it.each([
    ['a wrong root element', `<ResetPassword xmlns="${DTO_NAMESPACE}"><Email>a@b.com</Email></ResetPassword>`],
    ['a wrong namespace', '<ResetCustomerPasswordRequest xmlns="urn:wrong"><Email>a@b.com</Email></ResetCustomerPasswordRequest>'],
    ['no namespace', '<ResetCustomerPasswordRequest><Email>a@b.com</Email></ResetCustomerPasswordRequest>'],
    ['an unclosed element', request('<Email>a@b.com')],
    ['two root elements', `${request('')}${request('')}`],
    ['text that is not XML', 'Email=a@b.com'],
    ['a DOCTYPE with entities', `<!DOCTYPE r [<!ENTITY a "aaaaaaaa">]>${request('<Email>&a;</Email>')}`],
    ['an external entity', `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${request('<Email>&x;</Email>')}`],
    ['a processing instruction', `<?xml-stylesheet href="x.xsl"?>${request('<Email>a@b.com</Email>')}`],
    ['an entity XML does not predefine', request('<Email>a&nbsp;@b.com</Email>')],
    ['a character reference to a character XML does not allow', request('<Email>a&#0;@b.com</Email>')],
    ['a character reference beyond Unicode', request('<Email>a&#x110000;@b.com</Email>')],
    ['a member with child elements', request('<Email><b>a@b.com</b></Email>')],
    ['nesting 2,000 deep inside a member', request(`<Email>${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</Email>`)],
  ])('refuses %s with a SerializationException', (_case, xml) => {
    expect(() => decode(xml)).toThrow(SerializationError);
  });
});

describe('decodeXmlBatch', () => {
  const batch = (inner: string, rootAttributes = `xmlns="${DTO_NAMESPACE}"`) => `<ArrayOfResetCustomerPasswordRequest ${rootAttributes}>${inner}</ArrayOfResetCustomerPasswordRequest>`;
  const decodeList = (xml: string) => decodeXmlBatch(xml, resetCustomerPassword);
  const item = (inner: string, attributes = '') => `<ResetCustomerPasswordRequest${attributes}>${inner}</ResetCustomerPasswordRequest>`;

  it('reads each item as a request, in order, members in any order, unknown ones ignored', () => {
    expect(decodeList(batch(`${item('<Email>a@b.com</Email>')}${item('<Other>x</Other><CustomerBrandName>AquaGuard</CustomerBrandName><Email>c@d.com</Email>')}`))).toEqual([
      { Email: 'a@b.com' },
      { CustomerBrandName: 'AquaGuard', Email: 'c@d.com' },
    ]);
  });

  it('reads an empty list, an empty item, and items under a prefix bound to the DTO namespace', () => {
    expect(decodeList(batch(''))).toEqual([]);
    expect(decodeList(`<ArrayOfResetCustomerPasswordRequest xmlns="${DTO_NAMESPACE}" />`)).toEqual([]);
    expect(decodeList(batch('<ResetCustomerPasswordRequest />'))).toEqual([{}]);
    expect(decodeList(`<r:ArrayOfResetCustomerPasswordRequest xmlns:r="${DTO_NAMESPACE}"><r:ResetCustomerPasswordRequest><r:Email>a@b.com</r:Email></r:ResetCustomerPasswordRequest></r:ArrayOfResetCustomerPasswordRequest>`)).toEqual([
      { Email: 'a@b.com' },
    ]);
  });

  it.each([
    ['a single request instead of a list', request('<Email>a@b.com</Email>'), 'ArrayOfResetCustomerPasswordRequest'],
    ['a list in another namespace', batch(item('<Email>a@b.com</Email>'), 'xmlns="urn:wrong"'), 'namespace'],
    ['an item in another namespace', batch(item('<Email>a@b.com</Email>', ' xmlns="urn:wrong"')), 'namespace'],
    ['an item of another name', batch('<ResetPassword><Email>a@b.com</Email></ResetPassword>'), 'must hold ResetCustomerPasswordRequest elements only'],
    ['text between the items', batch(`${item('<Email>a@b.com</Email>')}stray`), 'must hold ResetCustomerPasswordRequest elements only'],
    ['a nil item', batch('<ResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true" />'), 'must not be nil'],
    ['an item holding text', batch(item('a@b.com')), 'must hold its members as elements'],
    ['a member with child elements', batch(item('<Email><b>a@b.com</b></Email>')), "'Email' must be text"],
    ['a DOCTYPE with entities', `<!DOCTYPE r [<!ENTITY a "aaaaaaaa">]>${batch(item('<Email>&a;</Email>'))}`, 'DTD is prohibited'],
    ['a processing instruction', `<?xml-stylesheet href="x.xsl"?>${batch('')}`, 'processing instructions'],
    ['a document that is not well-formed', batch(item('<Email>a@b.com')), 'not well-formed'],
  ])('refuses %s with a SerializationException that says why', (_case, xml, why) => {
    expect(() => decodeList(xml)).toThrow(SerializationError);
    expect(() => decodeList(xml)).toThrow(why);
  });
});

describe('encodeXmlResponse', () => {
  it('writes a success as DataContractSerializer does, with a nil ResponseStatus', () => {
    expect(encodeXmlResponse(resetCustomerPassword, {}, undefined)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<ResetCustomerPasswordResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DTO_NAMESPACE}">` +
        '<ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types" i:nil="true" /></ResetCustomerPasswordResponse>',
    );
  });

  it("writes a nil ResponseStatus in ServiceStack's own ErrorResponse with no namespace of its own to declare", () => {
    expect(encodeXmlResponse(errorResponse, {}, undefined)).toBe(
      `<?xml version="1.0" encoding="utf-8"?><ErrorResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="${SERVICESTACK_NAMESPACE}"><ResponseStatus i:nil="true" /></ErrorResponse>`,
    );
  });

  it('writes field errors in ResponseStatus member order and escapes text', () => {
    const xml = encodeXmlResponse(resetCustomerPassword, {}, {
      errorCode: 'NotEmpty',
      message: "'Email' <must> & not",
      errors: [{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }],
    });
    expect(xml).toContain(
      '<ResponseStatus xmlns:d2p1="http://schemas.servicestack.net/types"><d2p1:ErrorCode>NotEmpty</d2p1:ErrorCode>' +
        "<d2p1:Message>'Email' &lt;must&gt; &amp; not</d2p1:Message><d2p1:StackTrace i:nil=\"true\" />" +
        "<d2p1:Errors><d2p1:ResponseError><d2p1:ErrorCode>NotEmpty</d2p1:ErrorCode><d2p1:FieldName>Email</d2p1:FieldName><d2p1:Message>'Email' must not be empty.</d2p1:Message><d2p1:Meta xmlns:d5p1=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\" i:nil=\"true\" /></d2p1:ResponseError></d2p1:Errors>" +
        '<d2p1:Meta xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:nil="true" /></ResponseStatus>',
    );
  });

  it('keeps the seed response document shape: same root, namespaces and members', () => {
    const seed = fixture('seed-response.xml');
    const ours = encodeXmlResponse(resetCustomerPassword, {}, { errorCode: 'E', message: 'M', errors: [{ errorCode: 'C', fieldName: 'F', message: 'N' }] });
    // Meta maps are empty (nil) in ours, so their KeyValueOfstringstring entries are left out of both.
    const elementNames = (xml: string) =>
      [...xml.matchAll(/<([A-Za-z0-9:]+)[\s>/]/g)].map((m) => m[1]!).filter((n) => !/KeyValueOfstringstring|:Key$|:Value$/.test(n));
    expect(elementNames(ours)).toEqual(elementNames(seed));
  });
});
