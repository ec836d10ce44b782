import { errorsOf, sampleExchanges } from './metadata';
import { DTO_NAMESPACE, SERVICESTACK_NAMESPACE, type FieldSpec, type OperationSpec } from './operations';
import { routesOf } from './routes';

/** The API key scheme API Gateway enforces on the operations that require it. */
export const API_KEY_SCHEME = 'portalApiKey';

type Schema = Readonly<Record<string, unknown>>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const text = (description: string): Schema => ({ type: 'string', description });
const meta: Schema = { type: 'object', additionalProperties: { type: 'string' }, description: 'KeyValueOfstringstring pairs in XML' };

/**
 * ServiceStack's own types, in DataContract member order (the order the XML encoder writes; a unit
 * test holds the two together).
 */
export const serviceStackSchemas: Readonly<Record<string, Schema>> = {
  ResponseStatus: {
    type: 'object',
    xml: { namespace: SERVICESTACK_NAMESPACE },
    properties: {
      ErrorCode: text('The error type, or the first failed validator'),
      Message: text('What went wrong, for people'),
      StackTrace: text('Never filled by this service'),
      Errors: { type: 'array', items: ref('ResponseError'), description: 'One entry per failed field' },
      Meta: meta,
    },
  },
  ResponseError: {
    type: 'object',
    xml: { namespace: SERVICESTACK_NAMESPACE },
    properties: {
      ErrorCode: text('The failed validator (NotEmpty, Email, Length, ...)'),
      FieldName: text('The request member that failed'),
      Message: text('What went wrong, for people'),
      Meta: meta,
    },
  },
  ErrorResponse: {
    type: 'object',
    xml: { namespace: SERVICESTACK_NAMESPACE },
    properties: { ResponseStatus: ref('ResponseStatus') },
  },
};

/**
 * A DTO member: a string, or a date-time or 32-bit integer that is nullable unless always there (as
 * `DateTime?` and `int?` in the native types).
 */
function memberSchema(field: FieldSpec): Schema {
  if (field.type !== 'DateTime' && field.type !== 'int') return text(field.description);
  const type = field.type === 'DateTime' ? { type: 'string', format: 'date-time' } : { type: 'integer', format: 'int32' };
  return { ...type, ...(field.required ? {} : { nullable: true }), description: field.description };
}

function dtoSchema(fields: readonly FieldSpec[], extra: Record<string, Schema> = {}): Schema {
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    type: 'object',
    xml: { namespace: DTO_NAMESPACE },
    ...(required.length > 0 ? { required } : {}),
    properties: { ...Object.fromEntries(fields.map((f) => [f.name, memberSchema(f)])), ...extra },
  };
}

const retryAfterHeader = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };

/** The request body one route reads: predefined routes read their own format, others by Content-Type. */
function requestBody(operation: OperationSpec, route: string): Schema {
  const schema = ref(operation.requestName);
  const samples = sampleExchanges(operation);
  const json = { 'application/json': { schema, example: JSON.parse(samples.json.request) as unknown } };
  const xml = { 'application/xml': { schema, example: samples.xml.request } };
  const jsv = { 'text/jsv': { schema, example: samples.jsv.request } };
  const form = { 'application/x-www-form-urlencoded': { schema }, 'multipart/form-data': { schema } };
  // CSV and HTML routes read forms only (their format is an answer, not a request).
  const own = route.startsWith('/xml/') ? xml : route.startsWith('/jsv/') ? jsv : /^\/(csv|html)\//.test(route) ? {} : route.startsWith('/json/') || route.startsWith('/api/') ? json : { ...json, ...xml, ...jsv };
  return { required: false, content: { ...own, ...form } };
}

/**
 * Every format answers on every route (`?format=`); JSV's media type is `text/jsv` on `/jsv/reply/`
 * only (see lib/http.ts); CSV and the HTML report show the same DTO.
 */
function responses(operation: OperationSpec, route: string): Schema {
  const schema = { schema: ref(operation.responseName) };
  const jsv = route.startsWith('/jsv/reply/') ? 'text/jsv' : 'application/jsv';
  const content = { 'application/json': schema, 'application/xml': schema, [jsv]: schema, 'text/csv': schema, 'text/html': schema };
  const errors = errorsOf(operation).map(({ status, errorCode, when, retryAfter }) => [
    String(status),
    {
      description: `${when} (ErrorCode: ${errorCode}): the response DTO with ResponseStatus filled`,
      ...(retryAfter ? { headers: retryAfterHeader } : {}),
      content,
    },
  ]);
  return { '200': { description: 'Success', content }, ...Object.fromEntries(errors) };
}

/**
 * The OpenAPI 3 description of the service, from the same operation definitions and route list the
 * code serves, so it cannot name a path or member the service does not have.
 */
export function buildOpenApiDocument(operations: readonly OperationSpec[]): Schema {
  const paths: Record<string, Schema> = {};
  for (const operation of operations) {
    routesOf(operation).forEach((route, index) => {
      paths[route] = {
        post: {
          operationId: index === 0 ? operation.requestName : `${operation.requestName}_${index}`,
          summary: operation.description,
          tags: [operation.requestName],
          requestBody: requestBody(operation, route),
          responses: responses(operation, route),
          ...(operation.requiresApiKey ? { security: [{ [API_KEY_SCHEME]: [] }] } : {}),
        },
      };
    });
  }
  const schemas: Record<string, Schema> = { ...serviceStackSchemas };
  for (const operation of operations) {
    schemas[operation.requestName] = dtoSchema(operation.requestFields);
    schemas[operation.responseName] = dtoSchema(operation.responseFields, { ResponseStatus: ref('ResponseStatus') });
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Registrar Web Services', version: '1.0.0', description: 'ServiceStack-compatible password reset for the customer portal' },
    paths,
    components: {
      schemas,
      securitySchemes: { [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    },
  };
}
