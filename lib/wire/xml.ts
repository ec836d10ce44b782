import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { SerializationError } from '../errors';
import { DTO_NAMESPACE, SERVICESTACK_NAMESPACE, type OperationSpec, type RequestDto, type ResponseMembers, type ResponseShape } from './operations';
import type { ResponseStatus } from './response-status';

const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
/** Where DataContractSerializer puts collection types such as `Dictionary<string, string>`. */
const ARRAYS_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

/** XML's five predefined entities: with DTDs refused, a document cannot declare any other. */
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE_PATTERN = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;

/** XML 1.0's `Char` production: a character reference to anything else is not well-formed. */
const isXmlChar = (code: number): boolean =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/**
 * Decodes references as XML 1.0 defines them: the predefined entities and character references
 * (`&#64;`, `&#x40;`) to legal characters. Any other entity (`&nbsp;` is HTML, not XML) or a reference
 * to an illegal character fails the parse with a {@link RefusedReference}, as in .NET's reader, and
 * the caller is told which. One shared instance: the parser's own
 * decoder, which `htmlEntities` enabled for character references, rebuilt HTML's entity tables on
 * every parse (about 60 us of a request).
 */
/** A reference the decoder refuses; its message names the entity or the digits, never other text of the body. */
class RefusedReference extends Error {}

const entityDecoder: EntityDecoderOptions = {
  decode: (text) =>
    text.replace(REFERENCE_PATTERN, (_match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
      if (name !== undefined) {
        const value = PREDEFINED_ENTITIES[name];
        if (value === undefined) throw new RefusedReference(`reference to undeclared entity '${name}'`);
        return value;
      }
      const code = hex ? parseInt(hex, 16) : Number(decimal);
      if (!isXmlChar(code)) throw new RefusedReference(`'&#${hex ? `x${hex}` : decimal};' is a reference to a character XML does not allow`);
      return String.fromCodePoint(code);
    }),
  // Nothing per document to keep or forget: there are no declared entities.
  reset: () => {},
  addInputEntities: () => {},
  setExternalEntities: () => {},
  setXmlVersion: () => {},
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  ignoreDeclaration: true,
  // Values stay strings: the DTO members are strings and "007" must not become 7.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  entityDecoder,
});

/**
 * fast-xml-parser's own work on a body: its well-formedness check (the parser alone accepts unclosed
 * elements), then the object tree; `undefined` when the body is not well-formed.
 */
function parseXmlDocument(body: string): Record<string, unknown> | undefined {
  if (XMLValidator.validate(body) !== true) return undefined;
  return parser.parse(body) as Record<string, unknown>;
}

/** DTDs (and so entity definitions) are refused outright, as the old host's reader did. */
const DTD_PATTERN = /<!(DOCTYPE|ENTITY)/i;
/** Any processing instruction other than a leading XML declaration. */
const PI_PATTERN = /<\?(?!xml[\s?])|(?<!^\s*)<\?xml[\s?]/i;

type XmlNode = string | { readonly [key: string]: unknown };

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);
const prefixOf = (qualified: string): string => (qualified.includes(':') ? qualified.slice(0, qualified.indexOf(':')) : '');

/**
 * An element's attributes by name: the parser's `@name` keys (values are strings: parseAttributeValue
 * is off). A text node, a string, has no such keys.
 */
function attributesOf(node: XmlNode): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) if (key.startsWith('@')) attributes[key.slice(1)] = value as string;
  return attributes;
}

/** The namespace an element's prefix is bound to, looking at its own declarations first. */
function namespaceOf(qualifiedName: string, ...scopes: Record<string, string>[]): string | undefined {
  const prefix = prefixOf(qualifiedName);
  const declaration = prefix ? `xmlns:${prefix}` : 'xmlns';
  for (const scope of scopes) if (declaration in scope) return scope[declaration];
  return undefined;
}

/** `i:nil="true"` under any prefix; the parser has trimmed the value, as XmlConvert.ToBoolean would. */
function isNil(attributes: Record<string, string>): boolean {
  return Object.entries(attributes).some(([name, value]) => localName(name) === 'nil' && value === 'true');
}

/**
 * Reads a DataContract XML request. Like DataContractSerializer it insists on the root element's name
 * and namespace and ignores unknown elements; unlike it, member order does not matter (the old host
 * silently dropped out-of-order members). DTDs and processing instructions are refused before parsing.
 */
export function decodeXmlRequest(body: string, operation: OperationSpec): RequestDto {
  if (body.trim() === '') return {};
  const fail = (why: string): never => {
    throw new SerializationError(`Could not deserialize 'application/xml' request using ${operation.requestName}: ${why}`);
  };
  if (DTD_PATTERN.test(body)) fail('DTD is prohibited');
  if (PI_PATTERN.test(body)) fail('processing instructions are not allowed');
  let document: Record<string, unknown> | undefined;
  try {
    document = parseXmlDocument(body);
  } catch (error) {
    // The parser's own messages may quote the body: only the decoder's are passed on.
    return fail(error instanceof RefusedReference ? error.message : 'the document could not be parsed');
  }
  if (!document) return fail('the document is not well-formed XML');
  // The validator takes a second root element; the parser keeps each one.
  const roots = Object.keys(document);
  if (roots.length !== 1) return fail('expected exactly one root element');
  const rootName = roots[0]!;
  // Two roots of one name arrive as an array, which has no attributes, so no namespace: refused below.
  const root = document[rootName] as XmlNode;
  const rootAttributes = attributesOf(root);
  if (localName(rootName) !== operation.requestName || namespaceOf(rootName, rootAttributes) !== DTO_NAMESPACE) {
    fail(`expecting element '${operation.requestName}' from namespace '${DTO_NAMESPACE}'`);
  }

  const dto: Record<string, string | undefined> = {};
  // The root declares its namespace, so it is an element with attributes, not a text node.
  for (const [name, node] of Object.entries(root as Record<string, unknown>)) {
    // Stryker disable next-line all: attributes and text are never members (a prefixed attribute's prefix, `@p`, is bound to no namespace), so the lookups below skip them too
    if (name.startsWith('@') || name === '#text') continue;
    const field = operation.requestFields.find((f) => f.name === localName(name));
    // A member given twice: the last one, as in every format (see pickRequestFields).
    const last = (Array.isArray(node) ? node[node.length - 1] : node) as XmlNode;
    const attributes = attributesOf(last);
    if (!field || namespaceOf(name, attributes, rootAttributes) !== DTO_NAMESPACE) continue;
    if (isNil(attributes)) {
      delete dto[field.name];
      continue;
    }
    const value = readText(last);
    if (value === undefined) fail(`'${field.name}' must be text`);
    dto[field.name] = value;
  }
  return dto;
}

function readText(node: XmlNode): string | undefined {
  if (typeof node === 'string') return node;
  const children = Object.keys(node).filter((key) => !key.startsWith('@'));
  if (children.length === 0) return '';
  if (children.length === 1 && children[0] === '#text') return String(node['#text']);
  return undefined;
}

/** Text content escaped as .NET's XmlWriter escapes it. */
function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const element = (name: string, value: string | number | undefined): string =>
  value === undefined ? `<${name} i:nil="true" />` : `<${name}>${escapeXml(String(value))}</${name}>`;

/**
 * A null member whose type lives in another namespace than its parent. DataContractSerializer
 * declares that namespace on the element even when it writes nothing else: `d{depth}p1`, after the
 * element's depth in the document (the root is 1), as the seed page's sample shows for `Meta`.
 */
const nilIn = (name: string, namespace: string, depth: number): string => `<${name} xmlns:d${depth}p1="${namespace}" i:nil="true" />`;

/** `Meta` (a `Dictionary<string, string>`), always null here: its type lives in the Arrays namespace. */
const nilMeta = (name: string, depth: number): string => nilIn(name, ARRAYS_NAMESPACE, depth);

/**
 * ResponseStatus and its ResponseErrors live in ServiceStack's namespace: inside a DTO of another
 * namespace DataContractSerializer declares it as `d2p1` on ResponseStatus and prefixes every member;
 * inside ServiceStack's own ErrorResponse the default namespace already fits. `Errors` is never null
 * on an error (ServiceStack's `ResponseStatusUtils.CreateResponseStatus` starts it as an empty list),
 * so it is written as an empty element, not nil. Checked byte for byte against .NET's
 * DataContractSerializer (as Mono ships it) by `tests/dotnet`.
 */
function encodeResponseStatus(status: ResponseStatus | undefined, rootNamespace: string): string {
  const own = rootNamespace === SERVICESTACK_NAMESPACE;
  if (!status) return own ? element('ResponseStatus', undefined) : nilIn('ResponseStatus', SERVICESTACK_NAMESPACE, 2);
  const p = own ? '' : 'd2p1:';
  const errors =
    status.errors.length === 0
      ? `<${p}Errors />`
      : `<${p}Errors>${status.errors
          .map(
            (e) =>
              `<${p}ResponseError>${element(`${p}ErrorCode`, e.errorCode)}${element(`${p}FieldName`, e.fieldName)}${element(`${p}Message`, e.message)}${nilMeta(`${p}Meta`, 5)}</${p}ResponseError>`,
          )
          .join('')}</${p}Errors>`;
  return (
    (own ? '<ResponseStatus>' : `<ResponseStatus xmlns:d2p1="${SERVICESTACK_NAMESPACE}">`) +
    `${element(`${p}ErrorCode`, status.errorCode)}${element(`${p}Message`, status.message)}${element(`${p}StackTrace`, undefined)}` +
    `${errors}${nilMeta(`${p}Meta`, 3)}</ResponseStatus>`
  );
}

/** A DataContract document: the root in its namespace with `xmlns:i`, members in alphabetical order. */
function dataContractDocument(rootName: string, namespace: string, members: { readonly name: string; readonly xml: string }[]): string {
  // Stryker disable next-line EqualityOperator: member names are unique, so `<` and `<=` sort alike
  const ordered = [...members].sort((a, b) => (a.name < b.name ? -1 : 1));
  return `<${rootName} xmlns:i="${XSI_NAMESPACE}" xmlns="${namespace}">${ordered.map((member) => member.xml).join('')}</${rootName}>`;
}

/**
 * Writes a response DTO as ServiceStack's DataContractSerializer does: XML declaration, the DTO
 * namespace, members in alphabetical (DataContract) order and null members as `i:nil`.
 */
export function encodeXmlResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  const namespace = shape.namespace ?? DTO_NAMESPACE;
  const parts = shape.responseFields.map((f) => ({ name: f.name, xml: element(f.name, members[f.name]) }));
  parts.push({ name: 'ResponseStatus', xml: encodeResponseStatus(status, namespace) });
  return '<?xml version="1.0" encoding="utf-8"?>' + dataContractDocument(shape.responseName, namespace, parts);
}

/**
 * Writes a request DTO as a ServiceStack XmlServiceClient sends it (the seed page's sample request):
 * no declaration, every member in alphabetical order, absent ones as `i:nil`. Used for the metadata
 * page's samples and by tests that replay a client's exact bytes.
 */
export function encodeXmlRequest(operation: OperationSpec, dto: RequestDto): string {
  return dataContractDocument(
    operation.requestName,
    DTO_NAMESPACE,
    operation.requestFields.map((f) => ({ name: f.name, xml: element(f.name, dto[f.name]) })),
  );
}
