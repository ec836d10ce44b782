import { SerializationError } from '../../../lib/errors';
import { DTO_NAMESPACE, resetCustomerPassword } from '../../../lib/wire/operations';
import { decodeXmlRequest } from '../../../lib/wire/xml';

const decode = (xml: string) => decodeXmlRequest(xml, resetCustomerPassword);
const XSI = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';
const request = (inner: string) => `<ResetCustomerPasswordRequest ${XSI} xmlns="${DTO_NAMESPACE}">${inner}</ResetCustomerPasswordRequest>`;
const emailOf = (inner: string) => decode(request(`<Email>${inner}</Email>`)).Email;
const refusal = (xml: string): SerializationError => {
  try {
    decode(xml);
  } catch (error) {
    if (error instanceof SerializationError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
};

describe('decodeXmlRequest: character references, as XML 1.0 allows them', () => {
  it.each([
    ['tab', '&#x9;', '\t'],
    ['line feed', '&#xA;', '\n'],
    ['carriage return', '&#xD;', '\r'],
    ['space, the first character above the controls', '&#x20;', ' '],
    ['the last character before the surrogates', '&#xD7FF;', '\uD7FF'],
    ['the first character after the surrogates', '&#xE000;', '\uE000'],
    ['the replacement character U+FFFD', '&#xFFFD;', '\uFFFD'],
    ['the first supplementary character', '&#x10000;', '\u{10000}'],
    ['the last Unicode character', '&#x10FFFF;', '\u{10FFFF}'],
    ['a decimal reference', '&#64;', '@'],
    ['a decimal reference with leading zeros', '&#0064;', '@'],
    ['an upper-case hexadecimal reference', '&#x4A;', 'J'],
  ])('decodes %s', (_case, reference, character) => {
    expect(emailOf(`a${reference}b`)).toBe(`a${character}b`);
  });

  it.each([
    ['a control character', '&#x1F;'],
    ['a control character, in decimal', '&#8;'],
    ['NUL', '&#x0;'],
    ['a high surrogate', '&#xD800;'],
    ['a low surrogate', '&#xDFFF;'],
    ['a surrogate, in decimal', '&#55296;'],
    ['U+FFFE', '&#xFFFE;'],
    ['U+FFFF', '&#xFFFF;'],
    ['U+FFFF, in decimal', '&#65535;'],
    ['a code point beyond Unicode', '&#x110000;'],
  ])('refuses a reference to %s with a SerializationException that names it', (_case, reference) => {
    const error = refusal(request(`<Email>a${reference}b</Email>`));
    expect(error).toMatchObject({ statusCode: 400, errorCode: 'SerializationException' });
    expect(error.message).toBe(`Could not deserialize 'application/xml' request using ResetCustomerPasswordRequest: '${reference}' is a reference to a character XML does not allow`);
  });

  it("gives no parser message but its own: nesting too deep for the parser is 'could not be parsed'", () => {
    expect(refusal(request(`<Email>${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</Email>`)).message).toBe(
      "Could not deserialize 'application/xml' request using ResetCustomerPasswordRequest: the document could not be parsed",
    );
  });

  it("decodes XML's five predefined entities and no others, naming the one it does not know", () => {
    expect(emailOf('&lt;&gt;&amp;&quot;&apos;')).toBe(`<>&"'`);
    expect(refusal(request('<Email>&copy;</Email>')).message).toBe(
      "Could not deserialize 'application/xml' request using ResetCustomerPasswordRequest: reference to undeclared entity 'copy'",
    );
  });
});

describe('decodeXmlRequest: values as DataContractSerializer reads strings', () => {
  it('keeps text that looks like a number as the text it is', () => {
    expect(decode(request('<Email>007</Email><CustomerBrandName>1e3</CustomerBrandName>'))).toEqual({ Email: '007', CustomerBrandName: '1e3' });
  });

  it('reads an empty member as an empty string, which validation then refuses', () => {
    expect(decode(request('<Email />'))).toEqual({ Email: '' });
    expect(decode(request('<Email></Email>'))).toEqual({ Email: '' });
  });

  it('reads a member with attributes by its text, and as an empty string when it has none', () => {
    expect(decode(request('<Email lang="en">a@b.com</Email>'))).toEqual({ Email: 'a@b.com' });
    expect(decode(request('<Email i:nil="false" />'))).toEqual({ Email: '' });
  });

  it('refuses a member holding an element, whatever the names inside it', () => {
    // An element named like an attribute (`Xnil`, as `@nil` less its first character) is not one.
    for (const inner of ['<Xnil>true</Xnil>', '<i:nil>true</i:nil>', 'a@b.com<b />', 'a@b.com<b>c</b>d']) {
      expect(refusal(request(`<Email>${inner}</Email>`)).message).toBe("Could not deserialize 'application/xml' request using ResetCustomerPasswordRequest: 'Email' must be text");
    }
  });

  it('refuses a second root element after the right one', () => {
    expect(refusal(`${request('<Email>a@b.com</Email>')}<Other />`).message).toBe(
      "Could not deserialize 'application/xml' request using ResetCustomerPasswordRequest: expected exactly one root element",
    );
  });

  it('reads i:nil="false" as the value it carries, and i:nil="true" (any prefix) as absent', () => {
    expect(decode(request('<Email i:nil="false">a@b.com</Email>'))).toEqual({ Email: 'a@b.com' });
    expect(decode(request('<Email i:nil=" true ">a@b.com</Email><CustomerBrandName i:nil="true" />'))).toEqual({});
    expect(decode(`<ResetCustomerPasswordRequest xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${DTO_NAMESPACE}"><Email xsi:nil="true" /></ResetCustomerPasswordRequest>`)).toEqual({});
  });

  it("ignores a member that moves itself out of the DTO's namespace", () => {
    expect(decode(request('<Email xmlns="urn:other">a@b.com</Email><CustomerBrandName>AquaGuard</CustomerBrandName>'))).toEqual({ CustomerBrandName: 'AquaGuard' });
  });

  it('names the member that is not text', () => {
    expect(refusal(request('<CustomerBrandName><b>x</b></CustomerBrandName>')).message).toMatch(/'CustomerBrandName' must be text$/);
  });
});

describe('decodeXmlRequest: processing instructions and declarations', () => {
  it('accepts an XML declaration at the start', () => {
    expect(decode(`<?xml version="1.0" encoding="utf-8"?>${request('<Email>a@b.com</Email>')}`)).toEqual({ Email: 'a@b.com' });
    expect(decode(`<?xml version="1.0"?>\n${request('<Email>a@b.com</Email>')}`)).toEqual({ Email: 'a@b.com' });
  });

  it.each([
    ['inside the root', request('<?pi data?><Email>a@b.com</Email>')],
    ['inside a member', request('<Email>a@b.com<?pi data?></Email>')],
    ['after the root', `${request('<Email>a@b.com</Email>')}<?pi data?>`],
    ['named like a declaration inside the root', request('<?xml version="1.0"?><Email>a@b.com</Email>')],
    ['that repeats the declaration', `<?xml version="1.0"?><?xml version="1.0"?>${request('<Email>a@b.com</Email>')}`],
  ])('refuses a processing instruction %s', (_case, xml) => {
    expect(refusal(xml).message).toMatch(/processing instructions are not allowed$/);
  });

  it('refuses a DTD, however it is spelled', () => {
    expect(refusal(`<!doctype r>${request('<Email>a@b.com</Email>')}`).message).toMatch(/DTD is prohibited$/);
  });
});
