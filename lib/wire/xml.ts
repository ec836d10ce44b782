import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { deserializationFailure, type Fail } from '../errors';
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
 * The root element of a DataContract document and its attributes, after the checks every XML body
 * gets: DTDs and processing instructions refused before parsing, well-formed, one root, named
 * `rootName` in the DTO namespace (DataContractSerializer insists on both).
 */
function readRoot(body: string, rootName: string, fail: Fail): { root: XmlNode; rootAttributes: Record<string, string> } {
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
  const name = roots[0]!;
  // Two roots of one name arrive as an array, which has no attributes, so no namespace: refused below.
  const root = document[name] as XmlNode;
  const rootAttributes = attributesOf(root);
  if (localName(name) !== rootName || namespaceOf(name, rootAttributes) !== DTO_NAMESPACE) {
    fail(`expecting element '${rootName}' from namespace '${DTO_NAMESPACE}'`);
  }
  return { root, rootAttributes };
}

/**
 * The request members of one DTO element; `scopes` are the namespace declarations in force there,
 * innermost first (the element's own, then its parents'). Unknown elements are ignored and member order does not matter (the old host silently
 * dropped out-of-order members); a member given twice counts once, the last (see pickRequestFields).
 */
function membersOf(node: XmlNode, operation: OperationSpec, fail: Fail, ...scopes: Record<string, string>[]): RequestDto {
  const dto: Record<string, string | undefined> = {};
  // An empty element (`<Request />`) is a DTO without members.
  if (typeof node === 'string') return node.trim() === '' ? dto : fail(`'${operation.requestName}' must hold its members as elements`);
  for (const [name, child] of Object.entries(node)) {
    // Stryker disable next-line all: attributes and text are never members (a prefixed attribute's prefix, `@p`, is bound to no namespace), so the lookups below skip them too
    if (name.startsWith('@') || name === '#text') continue;
    const field = operation.requestFields.find((f) => f.name === localName(name));
    const last = (Array.isArray(child) ? child[child.length - 1] : child) as XmlNode;
    const attributes = attributesOf(last);
    if (!field || namespaceOf(name, attributes, ...scopes) !== DTO_NAMESPACE) continue;
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

/**
 * Reads a DataContract XML request. Like DataContractSerializer it insists on the root element's name
 * and namespace and ignores unknown elements; unlike it, member order does not matter. DTDs and
 * processing instructions are refused before parsing. Throws SerializationError (400) saying why.
 */
export function decodeXmlRequest(body: string, operation: OperationSpec): RequestDto {
  if (body.trim() === '') return {};
  const fail = deserializationFailure('application/xml', operation.requestName);
  const { root, rootAttributes } = readRoot(body, operation.requestName, fail);
  // The root declares its namespace, so it is an element with attributes, not a text node.
  return membersOf(root, operation, fail, rootAttributes);
}

/**
 * Reads an auto-batched XML request: DataContractSerializer's `List<{Request}>`,
 * `<ArrayOf{Request}>` in the DTO namespace holding one `<{Request}>` element per request, each read
 * as {@link decodeXmlRequest} reads a single one. Any other element in the list, or a nil item, is a
 * SerializationError (400), as .NET's reader refuses them.
 */
export function decodeXmlBatch(body: string, operation: OperationSpec): RequestDto[] {
  const listName = `ArrayOf${operation.requestName}`;
  const fail = deserializationFailure('application/xml', listName);
  const { root, rootAttributes } = readRoot(body, listName, fail);
  const requests: RequestDto[] = [];
  // The root declares its namespace, so it is an element with attributes, not a text node.
  for (const [name, child] of Object.entries(root)) {
    if (name.startsWith('@')) continue;
    if (localName(name) !== operation.requestName) fail(`'${listName}' must hold ${operation.requestName} elements only`);
    for (const item of (Array.isArray(child) ? child : [child]) as XmlNode[]) {
      const attributes = attributesOf(item);
      if (namespaceOf(name, attributes, rootAttributes) !== DTO_NAMESPACE) fail(`expecting element '${operation.requestName}' from namespace '${DTO_NAMESPACE}'`);
      if (isNil(attributes)) fail(`an item of '${listName}' must not be nil`);
      requests.push(membersOf(item, operation, fail, attributes, rootAttributes));
    }
  }
  return requests;
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
 * namespace DataContractSerializer declares it as `d{depth}p1` on ResponseStatus (`depth` being the
 * element's depth: 2 in a response, 3 in a list of them) and prefixes every member; inside
 * ServiceStack's own ErrorResponse the default namespace already fits. `Errors` is never null on an
 * error (ServiceStack's `ResponseStatusUtils.CreateResponseStatus` starts it as an empty list), so it
 * is written as an empty element, not nil. Checked byte for byte against .NET's
 * DataContractSerializer (as Mono ships it) by `tests/dotnet`.
 */
function encodeResponseStatus(status: ResponseStatus | undefined, rootNamespace: string, depth: number): string {
  const own = rootNamespace === SERVICESTACK_NAMESPACE;
  if (!status) return own ? element('ResponseStatus', undefined) : nilIn('ResponseStatus', SERVICESTACK_NAMESPACE, depth);
  const p = own ? '' : `d${depth}p1:`;
  const errors =
    status.errors.length === 0
      ? `<${p}Errors />`
      : `<${p}Errors>${status.errors
          .map(
            (e) =>
              `<${p}ResponseError>${element(`${p}ErrorCode`, e.errorCode)}${element(`${p}FieldName`, e.fieldName)}${element(`${p}Message`, e.message)}${nilMeta(`${p}Meta`, depth + 3)}</${p}ResponseError>`,
          )
          .join('')}</${p}Errors>`;
  return (
    (own ? '<ResponseStatus>' : `<ResponseStatus xmlns:${p.slice(0, -1)}="${SERVICESTACK_NAMESPACE}">`) +
    `${element(`${p}ErrorCode`, status.errorCode)}${element(`${p}Message`, status.message)}${element(`${p}StackTrace`, undefined)}` +
    `${errors}${nilMeta(`${p}Meta`, depth + 1)}</ResponseStatus>`
  );
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** The opening of a DataContract document's root: `xmlns:i`, then its namespace. */
const rootTag = (name: string, namespace: string): string => `<${name} xmlns:i="${XSI_NAMESPACE}" xmlns="${namespace}"`;

/** Members in alphabetical (DataContract) order. */
function dataContractMembers(members: { readonly name: string; readonly xml: string }[]): string {
  // Stryker disable next-line EqualityOperator: member names are unique, so `<` and `<=` sort alike
  return [...members].sort((a, b) => (a.name < b.name ? -1 : 1)).map((member) => member.xml).join('');
}

/** A DataContract document: the root in its namespace with `xmlns:i`, members in alphabetical order. */
function dataContractDocument(rootName: string, namespace: string, members: { readonly name: string; readonly xml: string }[]): string {
  return `${rootTag(rootName, namespace)}>${dataContractMembers(members)}</${rootName}>`;
}

/** A response DTO's members as elements, ResponseStatus at `depth` (see {@link encodeResponseStatus}). */
function responseMembers(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined, depth: number): string {
  const parts = shape.responseFields.map((f) => ({ name: f.name, xml: element(f.name, members[f.name]) }));
  parts.push({ name: 'ResponseStatus', xml: encodeResponseStatus(status, shape.namespace ?? DTO_NAMESPACE, depth) });
  return dataContractMembers(parts);
}

/**
 * Writes a response DTO as ServiceStack's DataContractSerializer does: XML declaration, the DTO
 * namespace, members in alphabetical (DataContract) order and null members as `i:nil`.
 */
export function encodeXmlResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  return `${XML_DECLARATION}${rootTag(shape.responseName, shape.namespace ?? DTO_NAMESPACE)}>${responseMembers(shape, members, status, 2)}</${shape.responseName}>`;
}

/**
 * Writes an auto-batched call's answer as DataContractSerializer writes `List<{Response}>`:
 * `<ArrayOf{Response}>` in the DTO namespace, one `<{Response}>` per answer (every one a success: the
 * first failure is answered alone), an empty list as an empty root element. Checked byte for byte
 * against .NET's DataContractSerializer by `tests/dotnet`.
 */
export function encodeXmlList(shape: ResponseShape, answers: readonly ResponseMembers[]): string {
  const listName = `ArrayOf${shape.responseName}`;
  const open = rootTag(listName, shape.namespace ?? DTO_NAMESPACE);
  const items = answers.map((members) => `<${shape.responseName}>${responseMembers(shape, members, undefined, 3)}</${shape.responseName}>`).join('');
  return XML_DECLARATION + (items === '' ? `${open} />` : `${open}>${items}</${listName}>`);
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
