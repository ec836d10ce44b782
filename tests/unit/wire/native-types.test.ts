import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildMetadataTypes,
  DTO_CLR_NAMESPACE,
  generateCSharp,
  generateTypeScript,
  renderNativeTypes,
  resolveOptions,
  serviceStackTypes,
  typeLinks,
  type MetadataTypes,
  type NativeLanguage,
  type NativeTypesOptions,
} from '../../../lib/wire/native-types';
import { serviceStackSchemas } from '../../../lib/wire/openapi';
import { allOperations, DTO_NAMESPACE, revokeCustomerPasswordResetTokens, verifyCustomerPasswordResetToken, type OperationSpec } from '../../../lib/wire/operations';

const BASE_URL = 'https://regapi.pumpalarm.com';
const GENERATED_AT = new Date('2026-11-28T13:05:09.123Z');

function render(language: NativeLanguage, query: Record<string, string> = {}): string {
  const result = renderNativeTypes(language, allOperations, query, BASE_URL, GENERATED_AT);
  if (!result.ok) throw new Error(result.message);
  return result.body;
}

/** The option lines of a header, between the blank line after BaseUrl and `*\/`. */
const optionLines = (source: string): string[] => source.slice(source.indexOf('\n\n') + 2, source.indexOf('\n*/')).split('\n');

// Each test renders its own document: a document rendered while the file loads would be code run
// outside every test, which a mutation run cannot tie to the tests that read it.
describe('/types/csharp', () => {
  it("starts with ServiceStack's header of options: Date (UTC), Version, Tip, BaseUrl, then every option commented at its default", () => {
    const csharp = render('csharp');
    expect(csharp.startsWith(
      '/* Options:\nDate: 2026-11-28 13:05:09\nVersion: 8.00\nTip: To override a DTO option, remove "//" prefix before updating\nBaseUrl: https://regapi.pumpalarm.com\n\n//GlobalNamespace: \n//MakePartial: True\n//MakeVirtual: True\n',
    )).toBe(true);
    expect(optionLines(csharp).every((line) => line.startsWith('//'))).toBe(true);
    expect(csharp).toContain('//AddDefaultXmlNamespace: http://schemas.servicestack.net/types\n*/\n\nusing System;\n');
  });

  it('declares Verify as ServiceStack does: [Route], [DataContract] with the old namespace, IReturn<T>, [DataMember], DateTime? ExpiresAt', () => {
    const csharp = render('csharp');
    expect(csharp).toContain(
      [
        '    ///<summary>',
        '    ///Customer Portal can use this to check a reset link before showing the new-password form; it does not use the token up',
        '    ///</summary>',
        '    [Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")]',
        `    [DataContract(Namespace="${DTO_NAMESPACE}")]`,
        '    public partial class VerifyCustomerPasswordResetTokenRequest',
        '        : IReturn<VerifyCustomerPasswordResetTokenResponse>',
        '    {',
        '        ///<summary>',
        '        ///The token from the reset link',
        '        ///</summary>',
        '        [DataMember]',
        '        public virtual string Token { get; set; }',
        '    }',
        '',
        `    [DataContract(Namespace="${DTO_NAMESPACE}")]`,
        '    public partial class VerifyCustomerPasswordResetTokenResponse',
        '    {',
      ].join('\n'),
    );
    expect(csharp).toContain('        [DataMember]\n        public virtual DateTime? ExpiresAt { get; set; }\n\n        [DataMember]\n        public virtual ResponseStatus ResponseStatus { get; set; }\n    }\n');
  });

  it("puts the DTOs in the old host's CLR namespace, sorted by name, and takes ResponseStatus from ServiceStack's libraries", () => {
    const csharp = render('csharp');
    expect(DTO_CLR_NAMESPACE).toBe('Registrar.Model.Model.Transactions.UserRegistration');
    expect(csharp).toContain(`using ServiceStack;\nusing ServiceStack.DataAnnotations;\nusing ${DTO_CLR_NAMESPACE};\n\nnamespace ${DTO_CLR_NAMESPACE}\n{\n`);
    const classes = [...csharp.matchAll(/public partial class (\w+)/g)].map((m) => m[1]);
    expect(classes).toEqual(allOperations.flatMap((op) => [op.requestName, op.responseName]).sort());
    expect(csharp).not.toMatch(/class ResponseStatus|class ResponseError/);
    expect(csharp.endsWith('    }\n\n}\n\n')).toBe(true);
  });

  it('writes an option the request sets uncommented, and applies it', () => {
    const custom = render('csharp', { makepartial: 'false', MakeVirtual: 'False', AddNullableAnnotations: 'True', GlobalNamespace: 'Portal.Dtos', AddNamespaces: 'System.Net' });

    expect(optionLines(custom)).toEqual(expect.arrayContaining(['GlobalNamespace: Portal.Dtos', 'MakePartial: False', 'MakeVirtual: False', 'AddNullableAnnotations: True', 'AddNamespaces: System.Net', '//MakeInternal: False']));
    expect(custom).toContain('namespace Portal.Dtos\n{\n');
    expect(custom).toContain('using System.Net;\nusing Portal.Dtos;\n');
    // The XML namespace stays the old host's whatever the CLR namespace: .NET clients' XML does not change.
    expect(custom).toContain(`    [DataContract(Namespace="${DTO_NAMESPACE}")]\n    public class ResetCustomerPasswordRequest\n`);
    expect(custom).toContain('        public string Email { get; set; }\n');
    expect(custom).toContain('        public string? CustomerBrandName { get; set; }\n');
    expect(custom).toContain('        public DateTime? ExpiresAt { get; set; }\n');
    expect(custom).toContain('        public ResponseStatus? ResponseStatus { get; set; }\n');
  });

  it('honours AddReturnMarker, AddDescriptionAsComments, AddIndexesToDataMembers and MakeInternal', () => {
    const custom = render('csharp', { AddReturnMarker: 'false', AddDescriptionAsComments: 'false', AddIndexesToDataMembers: 'true', MakeInternal: 'true' });

    expect(custom).not.toContain('IReturn<');
    expect(custom).toContain('    [Description("Customer Portal can use this to reset a customers password")]\n    [Route("/ResetCustomerPassword", "POST,OPTIONS")]\n');
    expect(custom).not.toContain('///<summary>');
    expect(custom).toContain('        [Description("Customers Email Address")]\n        [DataMember(Order=1)]\n        public virtual string Email { get; set; }\n');
    expect(custom).toContain('internal partial class ResetCustomerPasswordRequest');
  });

  it('keeps only the types IncludeTypes names (Name.* takes its response too), less ExcludeTypes', () => {
    const classesOf = (source: string) => [...source.matchAll(/class (\w+)/g)].map((m) => m[1]);

    expect(classesOf(render('csharp', { IncludeTypes: 'VerifyCustomerPasswordResetTokenRequest.*' }))).toEqual(['VerifyCustomerPasswordResetTokenRequest', 'VerifyCustomerPasswordResetTokenResponse']);
    expect(classesOf(render('csharp', { IncludeTypes: 'ResetCustomerPasswordRequest,ResetCustomerPasswordResponse', ExcludeTypes: 'ResetCustomerPasswordResponse' }))).toEqual(['ResetCustomerPasswordRequest']);
  });
});

describe('/types/typescript and /types/typescript.d', () => {
  it("declares ServiceStack's IReturn<T>, ResponseError and ResponseStatus first, then the responses, then the requests", () => {
    const typescript = render('typescript');
    const declared = [...typescript.matchAll(/^export (?:class|interface) (\w+)/gm)].map((m) => m[1]);
    expect(declared).toEqual(['IReturn', 'IReturnVoid', 'ResponseError', 'ResponseStatus', ...allOperations.map((op) => op.responseName), ...allOperations.map((op) => op.requestName)]);
    expect(typescript).toContain('*/\n\n\nexport interface IReturn<T>\n{\n    createResponse(): T;\n}\n');
    expect(typescript).toContain('// @DataContract\nexport class ResponseStatus\n{\n    // @DataMember(Order=1)\n    public ErrorCode?: string;\n');
  });

  it('writes each request as a class JsonServiceClient can send: route comment, IReturn<T>, type name, method and response factory', () => {
    const typescript = render('typescript');
    expect(typescript).toContain(
      [
        '/** @description Customer Portal can use this to reset a customers password */',
        '// @Route("/ResetCustomerPassword", "POST,OPTIONS")',
        `// @DataContract(Namespace="${DTO_NAMESPACE}")`,
        'export class ResetCustomerPasswordRequest implements IReturn<ResetCustomerPasswordResponse>',
        '{',
        '    /** @description Customers Email Address */',
        '    // @DataMember',
        '    public Email?: string;',
        '',
      ].join('\n'),
    );
    expect(typescript).toContain(
      '    public constructor(init?: Partial<ResetCustomerPasswordRequest>) { (Object as any).assign(this, init); }\n' +
        "    public getTypeName() { return 'ResetCustomerPasswordRequest'; }\n    public getMethod() { return 'POST'; }\n" +
        '    public createResponse() { return new ResetCustomerPasswordResponse(); }\n}\n',
    );
  });

  it("makes every member optional by default (strict TypeScript refuses ServiceStack's non-optional form) and gives that form on request", () => {
    const typescript = render('typescript');
    expect(optionLines(typescript)).toContain('//MakePropertiesOptional: True');
    expect(typescript).not.toMatch(/^ {4}public \w+: /m);
    expect(typescript).toContain('    public ExpiresAt?: string;\n');

    const required = render('typescript', { MakePropertiesOptional: 'False' });
    expect(required).toContain('    public Email: string;\n');
    expect(required).toContain('    public Token: string;\n');
    expect(required).toContain('    public CustomerBrandName?: string;\n');
    expect(required).toContain('    public ExpiresAt?: string;\n');
  });

  it('leaves the ServiceStack types to DefaultImports when AddServiceStackTypes is False', () => {
    const imported = render('typescript', { AddServiceStackTypes: 'False', DefaultImports: 'IReturn:@servicestack/client,ResponseStatus:@servicestack/client' });

    expect(imported).toContain('*/\n\nimport { IReturn } from "@servicestack/client";\nimport { ResponseStatus } from "@servicestack/client";\n\n');
    expect(imported).not.toMatch(/export (class|interface) (IReturn|ResponseStatus|ResponseError)\b/);
  });

  it('wraps the declarations in GlobalNamespace', () => {
    const wrapped = render('typescript', { GlobalNamespace: 'dtos' });

    expect(wrapped).toContain('\nexport namespace dtos\n{\n\n    export interface IReturn<T>\n');
    expect(wrapped.endsWith('    }\n\n}\n\n')).toBe(true);
  });

  it('serves typescript.d as ambient interfaces: no classes, no constructors, requests extending IReturn<T>', () => {
    const declarations = render('typescript.d');

    expect(declarations).not.toMatch(/export |class |constructor/);
    expect(declarations).toContain('interface IReturn<T>\n{\n}\n');
    expect(declarations).toContain('interface VerifyCustomerPasswordResetTokenRequest extends IReturn<VerifyCustomerPasswordResetTokenResponse>\n{\n');
    expect(declarations).toContain('    ExpiresAt?: string;\n');
  });
});

// Whole documents, byte for byte: every line, blank line and indent a generator writes is part of
// the format ServiceStack's tools read back. The default C# is the one Mono compiles
// (native-types-dotnet.test.ts); the default TypeScript is tests/integration/clients/dtos.ts, which
// `typescript-ref` saved from the local stack and the client tests are typed with (its Date and
// BaseUrl lines are that stack's); the others set every option that changes the layout.
describe('whole documents (tests/golden/types)', () => {
  const golden = (name: string): string =>
    name === 'typescript.ts'
      ? readFileSync(join(__dirname, '../../integration/clients/dtos.ts'), 'utf8')
          .replace(/^Date: .*$/m, 'Date: 2026-11-28 13:05:09')
          .replace(/^BaseUrl: .*$/m, `BaseUrl: ${BASE_URL}`)
      : readFileSync(join(__dirname, '../../golden/types', name), 'utf8');

  it.each([
    ['csharp.cs', 'csharp', {}],
    [
      'csharp-options.cs',
      'csharp',
      {
        MakePartial: 'False',
        MakeVirtual: 'False',
        MakeInternal: 'True',
        AddNullableAnnotations: 'True',
        AddReturnMarker: 'False',
        AddDescriptionAsComments: 'False',
        AddIndexesToDataMembers: 'True',
        GlobalNamespace: 'Portal.Dtos',
        AddNamespaces: 'System.Net,System.Text',
        BaseUrl: 'https://api.example.com/v1',
      },
    ],
    ['typescript.ts', 'typescript', {}],
    [
      'typescript-options.ts',
      'typescript',
      {
        GlobalNamespace: 'dtos',
        DefaultImports: 'IReturn:@servicestack/client,ResponseStatus:@servicestack/client',
        AddServiceStackTypes: 'False',
        MakePropertiesOptional: 'False',
        AddDescriptionAsComments: 'False',
      },
    ],
    ['typescript.d.ts', 'typescript.d', {}],
    ['typescript.d-options.d.ts', 'typescript.d', { GlobalNamespace: 'dtos', MakePropertiesOptional: 'False' }],
  ] as const)('%s is what /types/%s writes for %j', (file, language, query) => {
    expect(render(language, query)).toBe(golden(file));
  });
});

// The generators take any MetadataTypes model, as ServiceStack's do: members and types these DTOs do
// not have today (a required DateTime, generic types, a type without [DataContract]) come out as
// ServiceStack writes them.
describe('the generators, over a model with what the DTOs do not use', () => {
  const options = (language: NativeLanguage, query: Record<string, string> = {}): NativeTypesOptions => {
    const result = resolveOptions(language, query, BASE_URL);
    if (!result.ok) throw new Error(result.message);
    return result.options;
  };
  const model: MetadataTypes = {
    Config: { BaseUrl: BASE_URL },
    Namespaces: [],
    Types: [],
    Operations: [
      {
        Request: {
          Name: 'Lookup',
          Namespace: 'Dtos',
          DataContract: {},
          Properties: [
            { Name: 'At', Type: 'DateTime', IsValueType: true, Namespace: 'System', IsRequired: true, DataMember: {} },
            { Name: 'Since', Type: 'Nullable`1', GenericArgs: ['DateTime'], Namespace: 'System', DataMember: {} },
            { Name: 'Tags', Type: 'Dictionary`2', GenericArgs: ['String', 'String'], Namespace: 'System.Collections.Generic', DataMember: { Order: 7 } },
          ],
        },
        Response: { Name: 'LookupResponse', Namespace: 'Dtos', GenericArgs: ['K', 'V'], Properties: [] },
        Actions: ['POST'],
        Method: 'POST',
        Routes: [],
        RequiresApiKey: false,
      },
    ],
  };

  it('C#: [DataContract] without a namespace or none at all, generic types with their arguments, nullable only where optional', () => {
    const csharp = generateCSharp(model, options('csharp', { AddNullableAnnotations: 'True' }), GENERATED_AT);

    expect(csharp).toContain(
      [
        '    [DataContract]',
        '    public partial class Lookup',
        '        : IReturn<LookupResponse>',
        '    {',
        '        [DataMember]',
        '        public virtual DateTime At { get; set; }',
        '',
        '        [DataMember]',
        '        public virtual DateTime? Since { get; set; }',
        '',
        '        [DataMember(Order=7)]',
        '        public virtual Dictionary<string, string>? Tags { get; set; }',
        '    }',
        '',
        '    public partial class LookupResponse',
        '    {',
        '    }',
      ].join('\n'),
    );
  });

  it('TypeScript: a Nullable member is optional when the model does not say whether it is required', () => {
    const typescript = generateTypeScript(model, options('typescript', { MakePropertiesOptional: 'False', AddServiceStackTypes: 'False' }), GENERATED_AT, 'typescript');

    expect(typescript).toContain('    public At: string;\n\n    // @DataMember\n    public Since?: string;\n\n    // @DataMember(Order=7)\n    public Tags: { [index:string]: string; };\n');
    expect(typescript).toContain('export class LookupResponse<K, V>\n{\n');
  });

  it('writes a DefaultImports item without a colon as it is, as ServiceStack does', () => {
    const typescript = generateTypeScript(model, options('typescript', { DefaultImports: 'A:m,B' }), GENERATED_AT, 'typescript');

    expect(typescript).toContain('*/\n\nimport { A } from "m";\nimport B;\n');
  });
});

describe('resolveOptions', () => {
  it('takes BaseUrl from the query over the address the request came in on', () => {
    const result = resolveOptions('csharp', { BaseUrl: 'https://api.example.com/v1' }, BASE_URL);

    expect(result.ok && result.options.baseUrl).toBe('https://api.example.com/v1');
  });

  it.each([
    [{ MakePartial: 'yes' }, "'MakePartial' must be True or False"],
    [{ GlobalNamespace: 'x\n}class Evil{' }, "'GlobalNamespace' holds characters a ServiceStack option cannot have"],
    [{ GlobalNamespace: '1st.Dtos' }, "'GlobalNamespace' must be a dotted identifier"],
    [{ IncludeTypes: 'A*/B' }, "'IncludeTypes' holds characters a ServiceStack option cannot have"],
    [{ BaseUrl: 'javascript:alert(1)' }, "'BaseUrl' must be an http(s) URL"],
    [{ BaseUrl: 'https://example.com/*/class Evil {}' }, "'BaseUrl' must be an http(s) URL"],
  ])('refuses %j: %s', (query, message) => {
    expect(resolveOptions('csharp', query, BASE_URL)).toEqual({ ok: false, message });
  });

  it('splits a list option at commas, trimmed, leaving out empty items', () => {
    const result = resolveOptions('csharp', { IncludeTypes: ' A , ,B,' }, BASE_URL);

    expect(result.ok && result.options.values.get('IncludeTypes')).toEqual(['A', 'B']);
  });

  it('wants the whole BaseUrl to be an http(s) URL, from its first character', () => {
    expect(resolveOptions('csharp', { BaseUrl: 'xhttps://example.com' }, BASE_URL)).toEqual({ ok: false, message: "'BaseUrl' must be an http(s) URL" });
    expect(resolveOptions('csharp', {}, 'http://localhost:3000')).toMatchObject({ ok: true, options: { baseUrl: 'http://localhost:3000' } });
  });

  it('gives the refusal, not a document, when an option is refused', () => {
    expect(renderNativeTypes('typescript', allOperations, { AddServiceStackTypes: 'maybe' }, BASE_URL, GENERATED_AT)).toEqual({
      ok: false,
      message: "'AddServiceStackTypes' must be True or False",
    });
  });

  it('ignores parameters that are not options and empty values, as ServiceStack does', () => {
    const result = resolveOptions('typescript', { format: 'json', MakePropertiesOptional: '' }, BASE_URL);

    expect(result.ok && [...result.options.given]).toEqual([]);
  });
});

describe('the MetadataTypes model', () => {
  it.each(allOperations.map((op, index) => [op.requestName, op, index] as const))('describes %s from its definition', (_name, op, index) => {
    const model = buildMetadataTypes(allOperations, BASE_URL);
    const operation = model.Operations[index]!;
    expect(operation.Request.Properties.map((p) => [p.Name, p.IsRequired, p.Description])).toEqual(op.requestFields.map((f) => [f.name, f.required, f.description]));
    expect(operation.Response.Properties.map((p) => p.Name)).toEqual([...op.responseFields.map((f) => f.name), 'ResponseStatus']);
    expect(operation.Routes).toEqual([{ Path: op.route, Verbs: 'POST,OPTIONS' }]);
    expect(operation.RequiresApiKey).toBe(op.requiresApiKey);
  });

  it("writes each operation as ServiceStack's MetadataTypes does: POST, its route, DTOs in the old namespace, a nullable DateTime", () => {
    const verify = buildMetadataTypes([verifyCustomerPasswordResetToken], BASE_URL);

    expect(verify).toMatchObject({ Config: { BaseUrl: BASE_URL }, Namespaces: [DTO_CLR_NAMESPACE], Types: [] });
    expect(verify.Operations).toHaveLength(1);
    const [operation] = verify.Operations;
    expect(operation).toMatchObject({ Actions: ['POST'], Method: 'POST', Routes: [{ Path: '/VerifyCustomerPasswordResetToken', Verbs: 'POST,OPTIONS' }], RequiresApiKey: true });
    expect(operation!.Request).toEqual({
      Name: 'VerifyCustomerPasswordResetTokenRequest',
      Namespace: DTO_CLR_NAMESPACE,
      Description: verifyCustomerPasswordResetToken.description,
      DataContract: { Namespace: DTO_NAMESPACE },
      Properties: [{ Name: 'Token', Type: 'String', Namespace: 'System', IsRequired: true, Description: 'The token from the reset link', DataMember: {} }],
    });
    expect(operation!.Response.Properties.find((p) => p.Name === 'ExpiresAt')).toEqual({
      Name: 'ExpiresAt',
      Type: 'Nullable`1',
      IsValueType: true,
      GenericArgs: ['DateTime'],
      Namespace: 'System',
      IsRequired: false,
      Description: 'When the link stops working (ISO 8601, UTC)',
      DataMember: {},
    });
    expect(operation!.Response.Properties.at(-1)).toEqual({ Name: 'ResponseStatus', Type: 'ResponseStatus', Namespace: 'ServiceStack', IsRequired: false, DataMember: {} });
    expect(operation!.Response).not.toHaveProperty('Description');
  });

  it('makes a DateTime that is always there a plain DateTime value type', () => {
    const withRequiredDate: OperationSpec = {
      ...verifyCustomerPasswordResetToken,
      requestFields: [{ name: 'NotBefore', required: true, description: 'Earliest time', type: 'DateTime' }],
    };

    expect(buildMetadataTypes([withRequiredDate], BASE_URL).Operations[0]!.Request.Properties).toEqual([
      { Name: 'NotBefore', Type: 'DateTime', IsValueType: true, Namespace: 'System', IsRequired: true, Description: 'Earliest time', DataMember: {} },
    ]);
  });

  it('makes an int Int32: Nullable when it may be absent (RevokedCount), a plain value type when always there', () => {
    const withRequiredInt: OperationSpec = {
      ...revokeCustomerPasswordResetTokens,
      requestFields: [{ name: 'Limit', required: true, description: 'At most', type: 'int' }],
    };
    const [operation] = buildMetadataTypes([withRequiredInt], BASE_URL).Operations;

    expect(operation!.Request.Properties).toEqual([{ Name: 'Limit', Type: 'Int32', IsValueType: true, Namespace: 'System', IsRequired: true, Description: 'At most', DataMember: {} }]);
    expect(operation!.Response.Properties[0]).toEqual({
      Name: 'RevokedCount',
      Type: 'Nullable`1',
      IsValueType: true,
      GenericArgs: ['Int32'],
      Namespace: 'System',
      IsRequired: false,
      Description: 'How many live links were ended (0 when there was none)',
      DataMember: {},
    });
    const csharp = renderNativeTypes('csharp', [withRequiredInt], {}, BASE_URL, GENERATED_AT);
    const typescript = renderNativeTypes('typescript', [withRequiredInt], { MakePropertiesOptional: 'False' }, BASE_URL, GENERATED_AT);
    expect(csharp.ok && csharp.body).toContain('public virtual int Limit { get; set; }');
    expect(csharp.ok && csharp.body).toContain('public virtual int? RevokedCount { get; set; }');
    expect(typescript.ok && typescript.body).toContain('public Limit: number;');
    expect(typescript.ok && typescript.body).toContain('public RevokedCount?: number;');
  });

  it('names ResponseStatus and ResponseError members in the order OpenAPI (and so the XML encoder) has them', () => {
    for (const type of serviceStackTypes) {
      expect(type.Properties.map((p) => p.Name)).toEqual(Object.keys((serviceStackSchemas[type.Name] as { properties: object }).properties));
    }
  });

  it('lists the documents under /types by their ServiceStack names', () => {
    expect(typeLinks(BASE_URL)).toEqual({
      Metadata: `${BASE_URL}/types/metadata`,
      CSharp: `${BASE_URL}/types/csharp`,
      TypeScript: `${BASE_URL}/types/typescript`,
      TypeScriptDefinition: `${BASE_URL}/types/typescript.d`,
    });
  });
});

describe('cold start', () => {
  // Each function's bundle holds what its handler imports: the generators stay out of the operations' functions.
  it.each([
    ['handlers/reset-customer-password.ts', false],
    ['handlers/verify-customer-password-reset-token.ts', false],
    ['handlers/complete-customer-password-reset.ts', false],
    ['handlers/metadata.ts', true],
  ])('%s bundles lib/wire/native-types.ts: %s', async (entry, bundled) => {
    const { metafile } = await build({
      entryPoints: [join(__dirname, '../../..', entry)],
      absWorkingDir: join(__dirname, '../../..'),
      bundle: true,
      platform: 'node',
      packages: 'external',
      loader: { '.html': 'text', '.txt': 'text' },
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    expect(Object.keys(metafile.inputs).includes('lib/wire/native-types.ts')).toBe(bundled);
  });
});
