import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allOperations } from '../../lib/wire/operations';
import { send } from './support/http';
import { FETCH_AND_COMPILE_MS, fetchTypeScriptDtos, runServiceStackTool, scratchDir } from './support/servicestack-cli';
import { apiUrl } from './support/stack';

/** What a header says before its options: when and where the document was fetched. */
const HEADER_START = /^\/\* Options:\nDate: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\nVersion: \d+\.\d+\nTip: To override a DTO option, remove "\/\/" prefix before updating\nBaseUrl: (\S+)\n\n/;
const withoutDateAndBaseUrl = (source: string): string => source.replace(/^Date: .*$/m, 'Date:').replace(/^BaseUrl: .*$/m, 'BaseUrl:');
/** The header's option lines, between the blank line after BaseUrl and the closing `*\/`. */
const optionLines = (source: string): string[] => source.slice(source.indexOf('\n\n') + 2, source.indexOf('\n*/')).split('\n');

describe("@servicestack/cli's typescript-ref against the running stack", () => {
  let fetched: Awaited<ReturnType<typeof fetchTypeScriptDtos>>;
  beforeAll(async () => {
    fetched = await fetchTypeScriptDtos();
  }, FETCH_AND_COMPILE_MS);

  it('saves /types/typescript with the header of options, BaseUrl being the address it fetched from and every option at its default', () => {
    expect(fetched.saved.trim()).toBe('Saved to: dtos.ts');
    expect(HEADER_START.exec(fetched.source)?.[1]).toBe(apiUrl);
    expect(optionLines(fetched.source)).toEqual([
      '//GlobalNamespace: ',
      '//MakePropertiesOptional: True',
      '//AddServiceStackTypes: True',
      '//AddResponseStatus: False',
      '//AddImplicitVersion: ',
      '//AddDescriptionAsComments: True',
      '//IncludeTypes: ',
      '//ExcludeTypes: ',
      '//DefaultImports: ',
    ]);
  });

  it('gives classes that compile under strict TypeScript and name their operation and response type, as JsonServiceClient needs', () => {
    const classes = fetched.dtos as unknown as Record<string, new () => { getTypeName(): string; getMethod(): string; createResponse(): object }>;
    for (const op of allOperations) {
      const request = new classes[op.requestName]!();
      expect(request.getTypeName()).toBe(op.requestName);
      expect(request.getMethod()).toBe('POST');
      expect(request.createResponse()).toBeInstanceOf(classes[op.responseName]!);
      expect(fetched.source).toContain(`// @Route("${op.route}", "POST,OPTIONS")\n// @DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")\nexport class ${op.requestName} implements IReturn<${op.responseName}>\n`);
    }
    // Every member an error leaves empty is optional, so reading an error never meets a "required" member.
    expect(fetched.source).toContain('    public ExpiresAt?: string;\n');
    expect(fetched.source).not.toMatch(/^ {4}public \w+: /m);
  });

  it('are, but for the Date and BaseUrl lines, the DTOs the client tests are typed with (clients/dtos.ts)', () => {
    expect(withoutDateAndBaseUrl(fetched.source)).toBe(withoutDateAndBaseUrl(readFileSync(join(__dirname, 'clients/dtos.ts'), 'utf8')));
  });

  it('updates an existing file from its own header: the options a developer uncommented go back to the service as query parameters', async () => {
    const dir = scratchDir();
    const edited = fetched.source
      .replace('//MakePropertiesOptional: True', 'MakePropertiesOptional: False')
      .replace('//ExcludeTypes: ', 'ExcludeTypes: CompleteCustomerPasswordResetRequest');
    writeFileSync(join(dir, 'dtos.ts'), edited);

    const printed = await runServiceStackTool('typescript-ref', dir, 'dtos.ts');

    const updated = readFileSync(join(dir, 'dtos.ts'), 'utf8');
    expect(printed.trim()).toBe('Updated: dtos.ts');
    expect(HEADER_START.exec(updated)?.[1]).toBe(apiUrl);
    expect(optionLines(updated)).toEqual(expect.arrayContaining(['MakePropertiesOptional: False', 'ExcludeTypes: CompleteCustomerPasswordResetRequest', '//GlobalNamespace: ']));
    // The service applied both: ServiceStack's non-optional form of a required member, and one request DTO left out.
    expect(updated).toContain('    public Email: string;\n');
    expect(updated).toContain('    public CustomerBrandName?: string;\n');
    expect(updated).not.toContain('export class CompleteCustomerPasswordResetRequest');
    expect(updated).toContain('export class CompleteCustomerPasswordResetResponse');
  });
});

describe("@servicestack/cli's csharp-ref against the running stack", () => {
  it("saves /types/csharp: [Route], IReturn<T>, the old host's DataContract namespace, and DateTime? for ExpiresAt", async () => {
    const dir = scratchDir();

    const printed = await runServiceStackTool('csharp-ref', dir, apiUrl, 'dtos.cs');

    const source = readFileSync(join(dir, 'dtos.cs'), 'utf8');
    expect(printed.trim()).toBe('Saved to: dtos.cs');
    expect(HEADER_START.exec(source)?.[1]).toBe(apiUrl);
    expect(source).toContain('namespace Registrar.Model.Model.Transactions.UserRegistration\n{\n');
    expect(source).toContain(
      '    [Route("/VerifyCustomerPasswordResetToken", "POST,OPTIONS")]\n' +
        '    [DataContract(Namespace="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration")]\n' +
        '    public partial class VerifyCustomerPasswordResetTokenRequest\n        : IReturn<VerifyCustomerPasswordResetTokenResponse>\n',
    );
    expect(source).toContain('        [DataMember]\n        public virtual DateTime? ExpiresAt { get; set; }\n');
  });
});

describe('GET /types', () => {
  it("lists each native-types document's address, as ServiceStack's /types does", async () => {
    const response = await send('GET', '/types');

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      Metadata: `${apiUrl}/types/metadata`,
      CSharp: `${apiUrl}/types/csharp`,
      TypeScript: `${apiUrl}/types/typescript`,
      TypeScriptDefinition: `${apiUrl}/types/typescript.d`,
    });
  });

  it('serves /types/metadata: every operation with its route and its DTO members, ExpiresAt a Nullable DateTime', async () => {
    const response = await send('GET', '/types/metadata');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const metadata = JSON.parse(response.body) as { Operations: { Request: { Name: string; Properties: { Name: string }[] }; Routes: unknown[] }[] };
    expect(metadata.Operations.map((op) => op.Request.Name)).toEqual(allOperations.map((op) => op.requestName));
    expect(metadata.Operations[0]?.Routes).toEqual([{ Path: '/ResetCustomerPassword', Verbs: 'POST,OPTIONS' }]);
    expect(response.body).toContain('{"Name":"ExpiresAt","Type":"Nullable`1","IsValueType":true,"GenericArgs":["DateTime"]');
  });

  it.each(['/types/csharp', '/types/typescript', '/types/typescript.d'])('answers %s with the same bytes each time: its Date line does not change per request', async (path) => {
    const first = await send('GET', path);
    const second = await send('GET', path);

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(second.body).toBe(first.body);
  });

  it('refuses an option value it cannot read with a 400 that names the option', async () => {
    const response = await send('GET', '/types/csharp?MakePartial=maybe');

    expect(response.status).toBe(400);
    expect(response.body).toBe("'MakePartial' must be True or False");
  });
});
