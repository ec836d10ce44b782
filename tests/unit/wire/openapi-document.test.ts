import { buildOpenApiDocument } from '../../../lib/wire/openapi';
import { allOperations, completeCustomerPasswordReset, DTO_NAMESPACE, resetCustomerPassword, SERVICESTACK_NAMESPACE, verifyCustomerPasswordResetToken } from '../../../lib/wire/operations';
import { routesOf } from '../../../lib/wire/routes';

type Json = Record<string, unknown>;
interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly requestBody: { readonly required: boolean; readonly content: Record<string, { schema: Json; example?: unknown }> };
  readonly responses: Record<string, { readonly description: string; readonly content: Record<string, { schema: Json }> }>;
}
interface Schema {
  readonly type: string;
  readonly description?: string;
  readonly xml?: { namespace: string };
  readonly required?: readonly string[];
  readonly properties?: Record<string, Schema & { $ref?: string; items?: { $ref: string } }>;
  readonly additionalProperties?: { type: string };
}
interface Document {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, { readonly post: Operation }>;
  readonly components: { readonly schemas: Record<string, Schema>; readonly securitySchemes: Record<string, Json> };
}

// Built anew in each test (not once when the file loads), so mutation testing can tell which tests run which code.
let document: Document;
let schemas: Document['components']['schemas'];
beforeEach(() => {
  document = buildOpenApiDocument(allOperations) as unknown as Document;
  schemas = document.components.schemas;
});
const operationAt = (path: string): Operation => document.paths[path]!.post;

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' ? [inner as string] : refsIn(inner)));
}

describe('the OpenAPI document, as OpenAPI 3.0 requires it', () => {
  it('is OpenAPI 3.0.3 and names the API and its version', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.info).toEqual({ title: 'Registrar Web Services', version: '1.0.0', description: 'ServiceStack-compatible password reset for the customer portal' });
  });

  it('resolves every $ref to a schema it defines', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
  });

  it('gives every response a description and every format of the operation response DTO, JSV by the media type the route answers', () => {
    for (const op of allOperations) {
      for (const route of routesOf(op)) {
        const { responses } = operationAt(route);
        expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '500']));
        expect(responses['200']!.description).toBe('Success');
        for (const response of Object.values(responses)) {
          expect(response.description).toMatch(/\w{3}/);
          expect(response.content).toEqual({
            'application/json': { schema: { $ref: `#/components/schemas/${op.responseName}` } },
            'application/xml': { schema: { $ref: `#/components/schemas/${op.responseName}` } },
            [route.startsWith('/jsv/reply/') ? 'text/jsv' : 'application/jsv']: { schema: { $ref: `#/components/schemas/${op.responseName}` } },
            'text/csv': { schema: { $ref: `#/components/schemas/${op.responseName}` } },
            'text/html': { schema: { $ref: `#/components/schemas/${op.responseName}` } },
          });
        }
      }
    }
  });

  it("has each DTO's members, in order, ResponseStatus last in a response", () => {
    for (const op of allOperations) {
      expect(Object.keys(schemas[op.requestName]!.properties!)).toEqual(op.requestFields.map((f) => f.name));
      expect(Object.keys(schemas[op.responseName]!.properties!)).toEqual([...op.responseFields.map((f) => f.name), 'ResponseStatus']);
    }
  });

  it('types ExpiresAt as a nullable date-time, as DateTime? in the native types', () => {
    expect(schemas[verifyCustomerPasswordResetToken.responseName]!.properties!.ExpiresAt).toEqual({
      type: 'string',
      format: 'date-time',
      nullable: true,
      description: 'When the link stops working (ISO 8601, UTC)',
    });
    expect(schemas[verifyCustomerPasswordResetToken.responseName]!.properties!.MaskedEmail).toEqual({ type: 'string', description: "The customer's address, masked (j***@example.com)" });
  });

  it('types a DateTime that is always there as a date-time that is not nullable', () => {
    const withRequiredDate = { ...verifyCustomerPasswordResetToken, requestFields: [{ name: 'NotBefore', required: true, description: 'Earliest time', type: 'DateTime' as const }] };
    const built = buildOpenApiDocument([withRequiredDate]) as unknown as Document;
    expect(built.components.schemas[withRequiredDate.requestName]!.properties!.NotBefore).toEqual({ type: 'string', format: 'date-time', description: 'Earliest time' });
  });

  it('gives Retry-After on 429 and 503, and on no other response', () => {
    const withHeaders = (path: string) =>
      Object.entries(operationAt(path).responses)
        .filter(([, response]) => 'headers' in response)
        .map(([status, response]) => [status, (response as unknown as { headers: Json }).headers]);
    const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };
    expect(withHeaders('/ResetCustomerPassword')).toEqual([
      ['429', retryAfter],
      ['503', retryAfter],
    ]);
    expect(withHeaders('/CompleteCustomerPasswordReset')).toEqual([['503', retryAfter]]);
  });

  it('lists required members only where there are some (an empty list is not valid OpenAPI 3.0)', () => {
    expect(schemas[resetCustomerPassword.requestName]!.required).toEqual(['Email']);
    expect(schemas[verifyCustomerPasswordResetToken.requestName]!.required).toEqual(['Token']);
    expect(schemas[completeCustomerPasswordReset.requestName]!.required).toEqual(['Token']);
    for (const op of allOperations) expect(schemas[op.responseName]).not.toHaveProperty('required');
  });

  it('types and describes every member, and puts each schema in its XML namespace', () => {
    for (const op of allOperations) {
      for (const name of [op.requestName, op.responseName]) {
        const schema = schemas[name]!;
        expect(schema).toMatchObject({ type: 'object', xml: { namespace: DTO_NAMESPACE } });
        for (const [member, property] of Object.entries(schema.properties!)) {
          if (member === 'ResponseStatus') expect(property).toEqual({ $ref: '#/components/schemas/ResponseStatus' });
          else expect(property).toMatchObject({ type: member === 'RevokedCount' ? 'integer' : 'string', description: expect.stringMatching(/\w{3}/) });
        }
      }
    }
    for (const name of ['ResponseStatus', 'ResponseError', 'ErrorResponse']) {
      expect(schemas[name]).toMatchObject({ type: 'object', xml: { namespace: SERVICESTACK_NAMESPACE } });
    }
  });

  it('types an int member as a nullable 32-bit integer, as int? in the native types', () => {
    expect(schemas.RevokeCustomerPasswordResetTokensResponse!.properties!.RevokedCount).toEqual({
      type: 'integer',
      format: 'int32',
      nullable: true,
      description: 'How many live links were ended (0 when there was none)',
    });
  });

  it("describes ServiceStack's error types as ServiceStack writes them", () => {
    expect(schemas.ErrorResponse!.properties).toEqual({ ResponseStatus: { $ref: '#/components/schemas/ResponseStatus' } });
    const status = schemas.ResponseStatus!.properties!;
    expect(status.Errors).toEqual({ type: 'array', items: { $ref: '#/components/schemas/ResponseError' }, description: 'One entry per failed field' });
    for (const owner of [status, schemas.ResponseError!.properties!]) {
      expect(owner.Meta).toEqual({ type: 'object', additionalProperties: { type: 'string' }, description: 'KeyValueOfstringstring pairs in XML' });
      for (const [member, property] of Object.entries(owner)) {
        if (member !== 'Errors' && member !== 'Meta') expect(property).toEqual({ type: 'string', description: expect.stringMatching(/\w{3}/) });
      }
    }
  });
});

describe('the operations of the OpenAPI document', () => {
  it('gives each route its own operationId, the plain request name on the custom route, and groups them by operation', () => {
    expect(routesOf(resetCustomerPassword).map((route) => operationAt(route).operationId)).toEqual([
      'ResetCustomerPasswordRequest',
      'ResetCustomerPasswordRequest_1',
      'ResetCustomerPasswordRequest_2',
      'ResetCustomerPasswordRequest_3',
      'ResetCustomerPasswordRequest_4',
      'ResetCustomerPasswordRequest_5',
      'ResetCustomerPasswordRequest_6',
      'ResetCustomerPasswordRequest_7',
      'ResetCustomerPasswordRequest_8',
      'ResetCustomerPasswordRequest_9',
      'ResetCustomerPasswordRequest_10',
      'ResetCustomerPasswordRequest_11',
      'ResetCustomerPasswordRequest_12',
      'ResetCustomerPasswordRequest_13',
      'ResetCustomerPasswordRequest_14',
      'ResetCustomerPasswordRequest_15',
      'ResetCustomerPasswordRequest_16',
    ]);
    for (const op of allOperations) {
      for (const route of routesOf(op)) expect(operationAt(route)).toMatchObject({ summary: op.description, tags: [op.requestName] });
    }
  });

  it('accepts on each route the formats the service reads there, with an optional body (fields may come in the query string)', () => {
    const typesAt = (path: string) => Object.keys(operationAt(path).requestBody.content);
    expect(typesAt('/ResetCustomerPassword')).toEqual(['application/json', 'application/xml', 'text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/ResetCustomerPassword.json')).toEqual(['application/json', 'application/xml', 'text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/jsv/reply/ResetCustomerPasswordRequest')).toEqual(['text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/jsv/oneway/ResetCustomerPasswordRequest')).toEqual(['text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/csv/reply/ResetCustomerPasswordRequest')).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/html/oneway/VerifyCustomerPasswordResetTokenRequest')).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/ResetCustomerPassword.html')).toEqual(['application/json', 'application/xml', 'text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/json/reply/ResetCustomerPasswordRequest')).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/api/ResetCustomerPasswordRequest')).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(typesAt('/xml/reply/ResetCustomerPasswordRequest')).toEqual(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    for (const op of allOperations) for (const route of routesOf(op)) expect(operationAt(route).requestBody.required).toBe(false);
  });

  it('shows a JSON, an XML and a JSV example of each request, and the schema of every format', () => {
    const { content } = operationAt('/ResetCustomerPassword').requestBody;
    const schema = { $ref: '#/components/schemas/ResetCustomerPasswordRequest' };
    expect(content['application/json']).toEqual({ schema, example: { Email: 'String', CustomerBrandName: 'String', Locale: 'String' } });
    expect(content['application/xml']).toEqual({ schema, example: expect.stringContaining('<Email>String</Email>') });
    expect(content['text/jsv']).toEqual({ schema, example: '{Email:String,CustomerBrandName:String,Locale:String}' });
    expect(content['application/x-www-form-urlencoded']).toEqual({ schema });
    expect(content['multipart/form-data']).toEqual({ schema });
  });

  it('names the API key scheme portalApiKey: the x-api-key header', () => {
    expect(document.components.securitySchemes).toEqual({ portalApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } });
    expect((operationAt('/VerifyCustomerPasswordResetToken') as Operation & { security: unknown }).security).toEqual([{ portalApiKey: [] }]);
  });
});
