import { ROUTE_VERBS } from './metadata';
import { DTO_NAMESPACE, type FieldSpec, type FieldType, type OperationSpec } from './operations';

/*
 * ServiceStack's "native types" ("Add ServiceStack Reference"): the DTOs published as source code for
 * clients to generate from, on `/types/csharp`, `/types/typescript`, `/types/typescript.d` and
 * `/types/metadata`. The documents follow ServiceStack's own generators (NativeTypes/NativeTypesService.cs,
 * CSharp/CSharpGenerator.cs, TypeScript/TypeScriptGenerator.cs): the same header of options, which
 * ServiceStack's tools (`typescript-ref`, `csharp-ref`, `x`) read back as query parameters to update
 * a file, and the same layout, built from the MetadataTypes model the metadata document serves.
 * Only the metadata function bundles this module.
 */

/** The languages served, by their path under `/types/`. */
export type NativeLanguage = 'csharp' | 'typescript' | 'typescript.d';

/** The `Version:` header line: the ServiceStack release whose native-types format this follows (the tools do not read it). */
export const NATIVE_TYPES_VERSION = '8.00';

/** The CLR namespace of the old host's DTOs: DataContractSerializer derived {@link DTO_NAMESPACE} from it. */
export const DTO_CLR_NAMESPACE = DTO_NAMESPACE.replace('http://schemas.datacontract.org/2004/07/', '');

const SERVICESTACK_CLR_NAMESPACE = 'ServiceStack';

/** A member in ServiceStack's MetadataTypes model (the subset these DTOs use). */
export interface MetadataPropertyType {
  readonly Name: string;
  /** The .NET type name (`String`, `Nullable\`1`, `List\`1`, ...). */
  readonly Type: string;
  readonly Namespace: string;
  readonly IsValueType?: boolean;
  readonly GenericArgs?: readonly string[];
  /** Unset for ServiceStack's own types, as its metadata leaves it. */
  readonly IsRequired?: boolean;
  readonly Description?: string;
  /** `[DataMember]`, with its Order where the type gives one. */
  readonly DataMember: { readonly Order?: number };
}

export interface MetadataType {
  readonly Name: string;
  readonly Namespace: string;
  readonly GenericArgs?: readonly string[];
  readonly Description?: string;
  readonly IsInterface?: boolean;
  /** `[DataContract]`, with the XML namespace when the type states one. */
  readonly DataContract?: { readonly Namespace?: string };
  readonly Properties: readonly MetadataPropertyType[];
}

export interface MetadataRoute {
  readonly Path: string;
  readonly Verbs: string;
}

export interface MetadataOperationType {
  readonly Request: MetadataType;
  readonly Response: MetadataType;
  readonly Actions: readonly string[];
  readonly Method: string;
  readonly Routes: readonly MetadataRoute[];
  readonly RequiresApiKey: boolean;
}

/** ServiceStack's MetadataTypes document (`/types/metadata`), from which every language is generated. */
export interface MetadataTypes {
  readonly Config: { readonly BaseUrl: string };
  readonly Namespaces: readonly string[];
  readonly Types: readonly MetadataType[];
  readonly Operations: readonly MetadataOperationType[];
}

const text = (name: string, order?: number): MetadataPropertyType => ({ Name: name, Type: 'String', Namespace: 'System', DataMember: order ? { Order: order } : {} });
const meta = (order: number): MetadataPropertyType => ({ Name: 'Meta', Type: 'Dictionary`2', Namespace: 'System.Collections.Generic', GenericArgs: ['String', 'String'], DataMember: { Order: order } });

/**
 * ServiceStack's ResponseError and ResponseStatus as its client libraries declare them
 * (`[DataContract]`, members in `[DataMember(Order=n)]` order). C# clients take them from
 * ServiceStack.Interfaces; the TypeScript generator writes them into the file, as ServiceStack's does.
 */
export const serviceStackTypes: readonly MetadataType[] = [
  {
    Name: 'ResponseError',
    Namespace: SERVICESTACK_CLR_NAMESPACE,
    DataContract: {},
    Properties: [text('ErrorCode', 1), text('FieldName', 2), text('Message', 3), meta(4)],
  },
  {
    Name: 'ResponseStatus',
    Namespace: SERVICESTACK_CLR_NAMESPACE,
    DataContract: {},
    Properties: [
      text('ErrorCode', 1),
      text('Message', 2),
      text('StackTrace', 3),
      { Name: 'Errors', Type: 'List`1', Namespace: 'System.Collections.Generic', GenericArgs: ['ResponseError'], DataMember: { Order: 4 } },
      meta(5),
    ],
  },
];

/** The marker interfaces ServiceStack's TypeScript generator declares first (`IReturn<T>`, `IReturnVoid`). */
const returnInterfaces: readonly MetadataType[] = [
  { Name: 'IReturn`1', Namespace: SERVICESTACK_CLR_NAMESPACE, GenericArgs: ['T'], IsInterface: true, Properties: [] },
  { Name: 'IReturnVoid', Namespace: SERVICESTACK_CLR_NAMESPACE, IsInterface: true, Properties: [] },
];

/** The .NET value types of {@link FieldType}s that are not strings. */
const VALUE_TYPES = { DateTime: 'DateTime', int: 'Int32' } as const;

/** A DTO member: a string, or a value type (DateTime, Int32) that is `Nullable` unless it is always there. */
function propertyOf(field: FieldSpec): MetadataPropertyType {
  const valueType = field.type === 'DateTime' || field.type === 'int' ? VALUE_TYPES[field.type] : undefined;
  const type: Pick<MetadataPropertyType, 'Type' | 'IsValueType' | 'GenericArgs'> =
    valueType === undefined ? { Type: 'String' } : field.required ? { Type: valueType, IsValueType: true } : { Type: 'Nullable`1', IsValueType: true, GenericArgs: [valueType] };
  return { Name: field.name, ...type, Namespace: 'System', IsRequired: field.required, Description: field.description, DataMember: {} };
}

const dtoType = (name: string, fields: readonly FieldSpec[], extra: readonly MetadataPropertyType[], description?: string): MetadataType => ({
  Name: name,
  Namespace: DTO_CLR_NAMESPACE,
  ...(description ? { Description: description } : {}),
  DataContract: { Namespace: DTO_NAMESPACE },
  Properties: [...fields.map(propertyOf), ...extra],
});

/**
 * The MetadataTypes model of the operations, from the same definitions as `/metadata` and
 * `/openapi.json`: request DTOs with their routes and response type, response DTOs with their
 * ResponseStatus, all under the old host's DataContract namespace so .NET clients' XML stays the same.
 */
export function buildMetadataTypes(operations: readonly OperationSpec[], baseUrl: string): MetadataTypes {
  const responseStatus: MetadataPropertyType = { Name: 'ResponseStatus', Type: 'ResponseStatus', Namespace: SERVICESTACK_CLR_NAMESPACE, IsRequired: false, DataMember: {} };
  return {
    Config: { BaseUrl: baseUrl },
    Namespaces: [DTO_CLR_NAMESPACE],
    Types: [],
    Operations: operations.map((op) => ({
      Request: dtoType(op.requestName, op.requestFields, [], op.description),
      Response: dtoType(op.responseName, op.responseFields, [responseStatus]),
      Actions: ['POST'],
      Method: 'POST',
      Routes: [{ Path: op.route, Verbs: ROUTE_VERBS }],
      RequiresApiKey: op.requiresApiKey,
    })),
  };
}

// ---- Options: the header block, and query parameters overriding it ----

type OptionValue = boolean | string | readonly string[];
interface OptionSpec {
  readonly name: string;
  readonly default: OptionValue;
}

const CSHARP_OPTIONS: readonly OptionSpec[] = [
  { name: 'GlobalNamespace', default: '' },
  { name: 'MakePartial', default: true },
  { name: 'MakeVirtual', default: true },
  { name: 'MakeInternal', default: false },
  { name: 'MakeDataContractsExtensible', default: false },
  { name: 'AddNullableAnnotations', default: false },
  { name: 'AddReturnMarker', default: true },
  { name: 'AddDescriptionAsComments', default: true },
  { name: 'AddDataContractAttributes', default: false },
  { name: 'AddIndexesToDataMembers', default: false },
  { name: 'AddGeneratedCodeAttributes', default: false },
  { name: 'AddResponseStatus', default: false },
  { name: 'AddImplicitVersion', default: '' },
  { name: 'InitializeCollections', default: false },
  { name: 'ExportValueTypes', default: false },
  { name: 'IncludeTypes', default: [] },
  { name: 'ExcludeTypes', default: [] },
  { name: 'AddNamespaces', default: [] },
  { name: 'AddDefaultXmlNamespace', default: 'http://schemas.servicestack.net/types' },
];

// ServiceStack defaults MakePropertiesOptional to False on /types/typescript; here it is True, because
// a required member written `public Email: string;` is an error under strict TypeScript (TS2564: the
// class fills its members through Object.assign). `?MakePropertiesOptional=false` gives ServiceStack's form.
const TYPESCRIPT_OPTIONS: readonly OptionSpec[] = [
  { name: 'GlobalNamespace', default: '' },
  { name: 'MakePropertiesOptional', default: true },
  { name: 'AddServiceStackTypes', default: true },
  { name: 'AddResponseStatus', default: false },
  { name: 'AddImplicitVersion', default: '' },
  { name: 'AddDescriptionAsComments', default: true },
  { name: 'IncludeTypes', default: [] },
  { name: 'ExcludeTypes', default: [] },
  { name: 'DefaultImports', default: [] },
];

const OPTIONS: Readonly<Record<NativeLanguage, readonly OptionSpec[]>> = {
  csharp: CSHARP_OPTIONS,
  typescript: TYPESCRIPT_OPTIONS,
  'typescript.d': TYPESCRIPT_OPTIONS,
};

/** The options of one document: each value, and whether the request set it (an uncommented header line). */
export interface NativeTypesOptions {
  readonly baseUrl: string;
  readonly values: ReadonlyMap<string, OptionValue>;
  readonly given: ReadonlySet<string>;
}

/** Either the parsed options or why a query parameter was refused (a 400). */
export type OptionsResult = { readonly ok: true; readonly options: NativeTypesOptions } | { readonly ok: false; readonly message: string };

// What a value may hold: nothing that could end a comment line or inject code into the document.
const SAFE_VALUE = /^[\w.,:@/=+*{}<> -]*$/;
const IDENTIFIER_PATH = /^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?$/;

function parseOption(spec: OptionSpec, raw: string): { readonly value: OptionValue } | { readonly error: string } {
  if (typeof spec.default === 'boolean') {
    const lower = raw.toLowerCase();
    return lower === 'true' || lower === 'false' ? { value: lower === 'true' } : { error: `'${spec.name}' must be True or False` };
  }
  if (!SAFE_VALUE.test(raw) || raw.includes('*/')) return { error: `'${spec.name}' holds characters a ServiceStack option cannot have` };
  if (spec.name === 'GlobalNamespace' && !IDENTIFIER_PATH.test(raw)) return { error: `'GlobalNamespace' must be a dotted identifier` };
  return { value: Array.isArray(spec.default) ? raw.split(',').map((item) => item.trim()).filter(Boolean) : raw };
}

/**
 * Reads a request's query parameters as ServiceStack's NativeTypesService does: option names match
 * ignoring case, a given option overrides the default and is written uncommented in the header, and
 * `BaseUrl` replaces the base URL the request arrived on. Unknown parameters are ignored.
 */
export function resolveOptions(language: NativeLanguage, query: Readonly<Record<string, string | undefined>>, requestBaseUrl: string): OptionsResult {
  const byLowerName = new Map(Object.entries(query).map(([name, value]) => [name.toLowerCase(), value ?? ''] as const));
  const values = new Map<string, OptionValue>();
  const given = new Set<string>();
  for (const spec of OPTIONS[language]) {
    const raw = byLowerName.get(spec.name.toLowerCase());
    if (raw === undefined || raw === '') {
      values.set(spec.name, spec.default);
      continue;
    }
    const parsed = parseOption(spec, raw);
    if ('error' in parsed) return { ok: false, message: parsed.error };
    values.set(spec.name, parsed.value);
    given.add(spec.name);
  }
  const baseUrl = byLowerName.get('baseurl') || requestBaseUrl;
  // No white space (a new header line) and no `*` (the end of the header's comment).
  if (!/^https?:\/\/[^\s*]+$/.test(baseUrl)) return { ok: false, message: `'BaseUrl' must be an http(s) URL` };
  return { ok: true, options: { baseUrl, values, given } };
}

// A list prints as its items joined by commas, as the query gives it.
const formatValue = (value: OptionValue): string => (typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value));

/** ServiceStack's `Date:` format: `yyyy-MM-dd HH:mm:ss` (here in UTC). */
const formatDate = (date: Date): string => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * The comment block every document starts with. Tools read the lines after `BaseUrl:` that do not
 * start with `//` and send them back as query parameters, so a header line is uncommented exactly
 * when the request set that option.
 */
function optionsHeader(language: NativeLanguage, options: NativeTypesOptions, generatedAt: Date): string {
  const lines = [
    '/* Options:',
    `Date: ${formatDate(generatedAt)}`,
    `Version: ${NATIVE_TYPES_VERSION}`,
    'Tip: To override a DTO option, remove "//" prefix before updating',
    `BaseUrl: ${options.baseUrl}`,
    '',
    ...OPTIONS[language].map((spec) => `${options.given.has(spec.name) ? '' : '//'}${spec.name}: ${formatValue(options.values.get(spec.name)!)}`),
    '*/',
    '',
  ];
  return lines.join('\n') + '\n';
}

const flag = (options: NativeTypesOptions, name: string): boolean => options.values.get(name) === true;
/** A list option's items (IncludeTypes, ExcludeTypes, AddNamespaces, DefaultImports). */
const list = (options: NativeTypesOptions, name: string): readonly string[] => options.values.get(name) as readonly string[];

/**
 * The operation DTOs the options keep: `IncludeTypes` names types (`Name.*` also takes the request's
 * response DTO), `ExcludeTypes` drops names; ServiceStack's own types are not filtered.
 */
function selectedOperations(model: MetadataTypes, options: NativeTypesOptions): { requests: MetadataOperationType[]; responses: MetadataType[] } {
  const include = list(options, 'IncludeTypes');
  const exclude = new Set(list(options, 'ExcludeTypes'));
  const wanted = (type: MetadataType, op: MetadataOperationType): boolean =>
    !exclude.has(type.Name) && (include.length === 0 || include.includes(type.Name) || include.includes(`${op.Request.Name}.*`));
  return {
    requests: model.Operations.filter((op) => wanted(op.Request, op)),
    responses: model.Operations.filter((op) => wanted(op.Response, op)).map((op) => op.Response),
  };
}

// ---- C# (CSharpGenerator) ----

const CSHARP_ALIASES: Readonly<Record<string, string>> = { String: 'string', Int32: 'int' };

function csharpType(prop: MetadataPropertyType, nullableAnnotations: boolean): string {
  const alias = (name: string) => CSHARP_ALIASES[name] ?? name;
  let type: string;
  if (prop.Type === 'Nullable`1') type = `${alias(prop.GenericArgs![0]!)}?`;
  else if (prop.Type.includes('`')) type = `${prop.Type.split('`')[0]}<${prop.GenericArgs!.map(alias).join(', ')}>`;
  else type = alias(prop.Type);
  if (!nullableAnnotations) return type;
  // A required member is never Nullable`1 (propertyOf), so only an optional one may need the `?`.
  return prop.IsRequired || type.endsWith('?') ? type : `${type}?`;
}

const csharpString = (value: string): string => JSON.stringify(value);

function csharpComment(lines: string[], indent: string, description: string | undefined, asComments: boolean): void {
  if (!description) return;
  if (asComments) lines.push(`${indent}///<summary>`, `${indent}///${description}`, `${indent}///</summary>`);
  else lines.push(`${indent}[Description(${csharpString(description)})]`);
}

function csharpClass(type: MetadataType, options: NativeTypesOptions, op: MetadataOperationType | undefined, indent: string): string[] {
  const lines: string[] = [];
  const asComments = flag(options, 'AddDescriptionAsComments');
  csharpComment(lines, indent, type.Description, asComments);
  for (const route of op?.Routes ?? []) lines.push(`${indent}[Route(${csharpString(route.Path)}, ${csharpString(route.Verbs)})]`);
  if (type.DataContract) lines.push(`${indent}[DataContract${type.DataContract.Namespace ? `(Namespace=${csharpString(type.DataContract.Namespace)})` : ''}]`);
  const access = flag(options, 'MakeInternal') ? 'internal' : 'public';
  lines.push(`${indent}${access} ${flag(options, 'MakePartial') ? 'partial ' : ''}class ${type.Name}`);
  if (op && flag(options, 'AddReturnMarker')) lines.push(`${indent}    : IReturn<${op.Response.Name}>`);
  lines.push(`${indent}{`);
  const virtual = flag(options, 'MakeVirtual') ? 'virtual ' : '';
  let previousHadAttributes = false;
  type.Properties.forEach((prop, index) => {
    if (previousHadAttributes) lines.push('');
    const inner = `${indent}    `;
    csharpComment(lines, inner, prop.Description, asComments);
    const order = prop.DataMember.Order ?? (flag(options, 'AddIndexesToDataMembers') ? index + 1 : undefined);
    lines.push(`${inner}[DataMember${order ? `(Order=${order})` : ''}]`);
    previousHadAttributes = true;
    lines.push(`${inner}public ${virtual}${csharpType(prop, flag(options, 'AddNullableAnnotations'))} ${prop.Name} { get; set; }`);
  });
  lines.push(`${indent}}`, '');
  return lines;
}

/**
 * `/types/csharp`: the DTOs as ServiceStack's C# generator writes them: `[Route]`, `IReturn<T>`,
 * `[DataContract(Namespace=...)]` and `[DataMember]` so DataContractSerializer writes and reads the old
 * host's XML, nullable value types for members an error leaves empty (`DateTime?`). ResponseStatus
 * comes from ServiceStack.Interfaces on the client.
 */
export function generateCSharp(model: MetadataTypes, options: NativeTypesOptions, generatedAt: Date): string {
  const namespace = (options.values.get('GlobalNamespace') as string) || DTO_CLR_NAMESPACE;
  const usings = [
    'System',
    'System.Collections',
    'System.Collections.Generic',
    'System.Runtime.Serialization',
    'ServiceStack',
    'ServiceStack.DataAnnotations',
    ...list(options, 'AddNamespaces'),
    namespace,
  ];
  const { requests, responses } = selectedOperations(model, options);
  const byName = [...requests.map((op) => ({ type: op.Request, op })), ...responses.map((type) => ({ type, op: undefined }))].sort((a, b) =>
    // Stryker disable next-line EqualityOperator: type names are unique, so `<` and `<=` sort alike
    a.type.Name < b.type.Name ? -1 : 1,
  );
  return optionsHeader('csharp', options, generatedAt) + [
    ...usings.map((name) => `using ${name};`),
    '',
    `namespace ${namespace}`,
    '{',
    ...byName.flatMap(({ type, op }) => csharpClass(type, options, op, '    ')),
    '}',
    '',
    '',
  ].join('\n');
}

// ---- TypeScript (TypeScriptGenerator) ----

/** How ServiceStack's TypeScript generator writes .NET types: a DateTime travels as its ISO 8601 text. */
const TYPESCRIPT_ALIASES: Readonly<Record<string, string>> = { String: 'string', DateTime: 'string', Int32: 'number' };

function typeScriptType(prop: MetadataPropertyType): { type: string; nullable: boolean } {
  const alias = (name: string) => TYPESCRIPT_ALIASES[name] ?? name;
  if (prop.Type === 'Nullable`1') return { type: alias(prop.GenericArgs![0]!), nullable: true };
  if (prop.Type === 'List`1') return { type: `${alias(prop.GenericArgs![0]!)}[]`, nullable: false };
  if (prop.Type === 'Dictionary`2') return { type: `{ [index:string]: ${alias(prop.GenericArgs![1]!)}; }`, nullable: false };
  return { type: alias(prop.Type), nullable: false };
}

/**
 * `/types/typescript` (exported classes, for `JsonServiceClient`) and `/types/typescript.d`
 * (ambient interfaces): as ServiceStack's TypeScript generator writes them, with its `IReturn<T>`,
 * `ResponseStatus` and `ResponseError` declared in the file (`AddServiceStackTypes`), PascalCase
 * members as the old host's JSON has them, and `?` on every member that may be absent.
 */
export function generateTypeScript(model: MetadataTypes, options: NativeTypesOptions, generatedAt: Date, language: 'typescript' | 'typescript.d'): string {
  const exportAsTypes = language === 'typescript';
  const makeOptional = flag(options, 'MakePropertiesOptional');
  const { requests, responses } = selectedOperations(model, options);
  const declarations: { type: MetadataType; op?: MetadataOperationType }[] = [
    ...(flag(options, 'AddServiceStackTypes') ? [...returnInterfaces, ...serviceStackTypes].map((type) => ({ type })) : []),
    ...responses.map((type) => ({ type })),
    ...requests.map((op) => ({ type: op.Request, op })),
  ];
  const globalNamespace = options.values.get('GlobalNamespace') as string;
  const body: string[] = [];
  for (const { type, op } of declarations) {
    const isClass = exportAsTypes && !type.IsInterface;
    body.push('');
    if (type.Description && flag(options, 'AddDescriptionAsComments')) body.push(`/** @description ${type.Description} */`);
    for (const route of op?.Routes ?? []) body.push(`// @Route(${JSON.stringify(route.Path)}, ${JSON.stringify(route.Verbs)})`);
    if (type.DataContract) body.push(`// @DataContract${type.DataContract.Namespace ? `(Namespace=${JSON.stringify(type.DataContract.Namespace)})` : ''}`);
    const name = type.GenericArgs ? `${type.Name.split('`')[0]}<${type.GenericArgs.join(', ')}>` : type.Name;
    const returns = op && `IReturn<${op.Response.Name}>`;
    const heritage = returns ? (isClass ? ` implements ${returns}` : ` extends ${returns}`) : '';
    body.push(`${exportAsTypes ? `export ${isClass ? 'class' : 'interface'}` : 'interface'} ${name}${heritage}`, '{');
    if (exportAsTypes && type.Name === 'IReturn`1') body.push('    createResponse(): T;');
    if (exportAsTypes && type.Name === 'IReturnVoid') body.push('    createResponse(): void;');
    const modifier = isClass ? 'public ' : '';
    let previousHadAttributes = false;
    for (const prop of type.Properties) {
      if (previousHadAttributes) body.push('');
      if (prop.Description && flag(options, 'AddDescriptionAsComments')) body.push(`    /** @description ${prop.Description} */`);
      body.push(`    // @DataMember${prop.DataMember.Order ? `(Order=${prop.DataMember.Order})` : ''}`);
      previousHadAttributes = true;
      const { type: propType, nullable } = typeScriptType(prop);
      const optional = makeOptional || (prop.IsRequired === undefined ? nullable : !prop.IsRequired);
      body.push(`    ${modifier}${prop.Name}${optional ? '?' : ''}: ${propType};`);
    }
    if (isClass) {
      body.push('', `    public constructor(init?: Partial<${name}>) { (Object as any).assign(this, init); }`);
      if (op) {
        body.push(`    public getTypeName() { return '${type.Name}'; }`, `    public getMethod() { return '${op.Method}'; }`);
        body.push(`    public createResponse() { return new ${op.Response.Name}(); }`);
      }
    }
    body.push('}');
  }
  const imports = list(options, 'DefaultImports').map((item) => {
    const colon = item.indexOf(':');
    // SAFE_VALUE keeps quotes out, so the module name is written in quotes as given.
    return colon === -1 ? `import ${item};` : `import { ${item.slice(0, colon)} } from "${item.slice(colon + 1)}";`;
  });
  // ServiceStack writes `module`; `namespace` is the same declaration, and the one current TypeScript accepts without a warning.
  const declarationsText = globalNamespace
    ? ['', `${exportAsTypes ? 'export' : 'declare'} namespace ${globalNamespace}`, '{', ...body.map((line) => (line ? `    ${line}` : line)), '', '}']
    : body;
  return [optionsHeader(language, options, generatedAt) + [...imports, ...declarationsText].join('\n'), '', ''].join('\n');
}

/** The documents served under `/types/`, by the path after it (`/types` itself lists them). */
export const NATIVE_TYPES_DOCUMENTS = {
  Metadata: 'metadata',
  CSharp: 'csharp',
  TypeScript: 'typescript',
  TypeScriptDefinition: 'typescript.d',
} as const;

/** `/types`: each document's absolute URL by ServiceStack's name for it (its TypeLinks service). */
export function typeLinks(baseUrl: string): Record<string, string> {
  return Object.fromEntries(Object.entries(NATIVE_TYPES_DOCUMENTS).map(([name, path]) => [name, `${baseUrl}/types/${path}`]));
}

/** A native-types document, or why its options were refused. */
export type NativeTypesResult = { readonly ok: true; readonly body: string } | { readonly ok: false; readonly message: string };

/**
 * One language's document for a request: its query parameters resolved against the language's
 * options, the model built from the operations, the header dated `generatedAt`.
 */
export function renderNativeTypes(
  language: NativeLanguage,
  operations: readonly OperationSpec[],
  query: Readonly<Record<string, string | undefined>>,
  requestBaseUrl: string,
  generatedAt: Date,
): NativeTypesResult {
  const resolved = resolveOptions(language, query, requestBaseUrl);
  if (!resolved.ok) return resolved;
  const model = buildMetadataTypes(operations, resolved.options.baseUrl);
  const body = language === 'csharp' ? generateCSharp(model, resolved.options, generatedAt) : generateTypeScript(model, resolved.options, generatedAt, language);
  return { ok: true, body };
}
