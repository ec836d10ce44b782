import { encodeJsonResponse } from '../../../lib/wire/json';
import { errorsOf } from '../../../lib/wire/metadata';
import { API_KEY_SCHEME, buildOpenApiDocument, serviceStackSchemas } from '../../../lib/wire/openapi';
import { allOperations, DTO_NAMESPACE, errorResponse } from '../../../lib/wire/operations';
import { routesOf } from '../../../lib/wire/routes';
import { encodeXmlResponse } from '../../../lib/wire/xml';

interface PathItem {
  readonly post: {
    readonly operationId: string;
    readonly security?: unknown;
    readonly requestBody: { readonly content: Record<string, unknown> };
    readonly responses: Record<string, { readonly description: string; readonly headers?: unknown } | undefined>;
  };
}
interface Document {
  readonly openapi: string;
  readonly paths: Record<string, PathItem>;
  readonly components: { readonly schemas: Record<string, { properties: Record<string, unknown>; required?: string[]; xml?: unknown }>; readonly securitySchemes: Record<string, unknown> };
}

const document = buildOpenApiDocument(allOperations) as unknown as Document;
const propertiesOf = (name: string): string[] => Object.keys(document.components.schemas[name]?.properties ?? {});
const status = { errorCode: 'E', message: 'M', errors: [{ errorCode: 'E', fieldName: 'F', message: 'M' }] };

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3 with a POST on exactly the routes the service answers', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual(allOperations.flatMap((op) => routesOf(op)).sort());
    const ids = Object.values(document.paths).map((p) => p.post.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(allOperations.map((op) => [op.requestName, op] as const))('describes %s request and response from its definition', (_name, op) => {
    expect(propertiesOf(op.requestName)).toEqual(op.requestFields.map((f) => f.name));
    expect(document.components.schemas[op.requestName]?.required).toEqual(op.requestFields.filter((f) => f.required).map((f) => f.name));
    expect(document.components.schemas[op.requestName]?.xml).toEqual({ namespace: DTO_NAMESPACE });
    expect(propertiesOf(op.responseName)).toEqual([...op.responseFields.map((f) => f.name), 'ResponseStatus']);
  });

  it('describes ExpiresAt as a nullable date-time, and the other members as strings', () => {
    const verify = document.components.schemas.VerifyCustomerPasswordResetTokenResponse!.properties;
    expect(verify.ExpiresAt).toEqual({ type: 'string', format: 'date-time', nullable: true, description: expect.any(String) });
    expect(verify.MaskedEmail).toEqual({ type: 'string', description: expect.any(String) });
  });

  it.each(allOperations.map((op) => [op.requestName, op] as const))('lists the error statuses %s can answer, 503 with Retry-After', (_name, op) => {
    for (const route of routesOf(op)) {
      const responses = document.paths[route]!.post.responses;
      expect(Object.keys(responses)).toEqual(['200', ...errorsOf(op).map((e) => String(e.status))]);
      expect(responses['503']).toEqual(expect.objectContaining({ headers: { 'Retry-After': expect.objectContaining({ schema: { type: 'integer', minimum: 1 } }) } }));
      expect(responses['400']).not.toHaveProperty('headers');
    }
  });

  it('documents 429 TooManyRequests with Retry-After on the rate-limited reset only', () => {
    for (const op of allOperations) {
      const tooMany = document.paths[op.route]!.post.responses['429'];
      if (op.rateLimited) expect(tooMany).toEqual(expect.objectContaining({ description: expect.stringContaining('TooManyRequests'), headers: expect.any(Object) }));
      else expect(tooMany).toBeUndefined();
    }
    expect(allOperations.filter((op) => op.rateLimited).map((op) => op.requestName)).toEqual(['ResetCustomerPasswordRequest']);
  });

  it('puts the API key scheme on verify and complete only', () => {
    expect(document.components.securitySchemes[API_KEY_SCHEME]).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    for (const op of allOperations) {
      for (const route of routesOf(op)) {
        expect(document.paths[route]?.post.security).toEqual(op.requiresApiKey ? [{ [API_KEY_SCHEME]: [] }] : undefined);
      }
    }
  });

  it('lets predefined routes take only their own format (and forms)', () => {
    expect(Object.keys(document.paths['/xml/reply/ResetCustomerPasswordRequest']!.post.requestBody.content)).toEqual(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(Object.keys(document.paths['/jsv/reply/ResetCustomerPasswordRequest']!.post.requestBody.content)).toEqual(['text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(Object.keys(document.paths['/ResetCustomerPassword']!.post.requestBody.content)).toEqual(['application/json', 'application/xml', 'text/jsv', 'application/x-www-form-urlencoded', 'multipart/form-data']);
  });
});

describe('serviceStackSchemas', () => {
  // The encoders are the truth: the schemas must name the members they write, in their XML order.
  const xml = encodeXmlResponse(errorResponse, {}, status);
  const childrenOf = (element: string): string[] => {
    const inner = new RegExp(`<${element}>(.*)</${element}>`).exec(xml)![1]!;
    return [...inner.matchAll(/<(\w+)(?: [^>]*)?(?:\/>|>.*?<\/\1>)/g)].map((m) => m[1]!);
  };

  it('name the ResponseStatus and ResponseError members in the order the XML encoder writes them', () => {
    expect(propertiesOf('ResponseStatus')).toEqual(childrenOf('ResponseStatus'));
    expect(propertiesOf('ResponseError')).toEqual(childrenOf('ResponseError'));
    expect(Object.keys(serviceStackSchemas)).toEqual(['ResponseStatus', 'ResponseError', 'ErrorResponse']);
  });

  it('cover every member the JSON encoder writes', () => {
    const json = JSON.parse(encodeJsonResponse({}, status)) as { ResponseStatus: Record<string, unknown> & { Errors: Record<string, unknown>[] } };
    expect(propertiesOf('ResponseStatus')).toEqual(expect.arrayContaining(Object.keys(json.ResponseStatus)));
    expect(propertiesOf('ResponseError')).toEqual(expect.arrayContaining(Object.keys(json.ResponseStatus.Errors[0]!)));
  });
});
