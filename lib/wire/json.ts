import { deserializationFailure, type Fail } from '../errors';
import { pickRequestFields, type OperationSpec, type RequestDto, type ResponseMembers } from './operations';
import type { ResponseStatus } from './response-status';

/**
 * Reads a JSON body the way ServiceStack's JSON deserializer does: property names matched ignoring
 * case, unknown properties ignored, scalars read as strings, `null` as absent, and of a property given
 * twice (in any case) the last (ServiceStack.Text sets each member it meets, in document order).
 * Objects or arrays where a string belongs are a SerializationException rather than a silent guess;
 * every SerializationException says what was wrong.
 */
export function decodeJsonRequest(body: string, operation: OperationSpec): RequestDto {
  if (body.trim() === '') return {};
  const fail = jsonFailure(operation);
  return dtoOfJson(parseJson(body, fail), operation, fail);
}

/**
 * Reads an auto-batched JSON body, a list of request DTOs (`POST /json/reply/{Request}[]`), each as
 * {@link decodeJsonRequest} reads one; `null` items are empty DTOs. Anything but a list is a
 * SerializationException.
 */
export function decodeJsonBatch(body: string, operation: OperationSpec): RequestDto[] {
  const fail = jsonFailure(operation);
  const parsed = parseJson(body, fail);
  if (!Array.isArray(parsed)) return fail('expected a list of requests');
  return parsed.map((item: unknown) => dtoOfJson(item, operation, fail));
}

const jsonFailure = (operation: OperationSpec): Fail => deserializationFailure('application/json', operation.requestName);

function parseJson(body: string, fail: Fail): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    return fail(whyNotJson(error));
  }
}

function dtoOfJson(parsed: unknown, operation: OperationSpec, fail: Fail): RequestDto {
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail(`expected an object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  return pickRequestFields(Object.entries(parsed), operation, (value, field) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') fail(`'${field.name}' must be a string, not ${Array.isArray(value) ? 'an array' : 'an object'}`);
    return String(value);
  });
}

/**
 * What JSON.parse found wrong, in words and with the character where it stopped (1-based), never
 * with the body's own text: V8 quotes the body in some messages, and bodies hold addresses.
 */
function whyNotJson(error: unknown): string {
  // JSON.parse throws nothing but SyntaxError.
  const message = (error as SyntaxError).message;
  if (/end of JSON input/.test(message)) return 'the JSON ends before it is complete';
  // From the start, and no further than a double quote: V8 quotes the body in some messages.
  const at = /^([^"]*?)(?: in JSON)? at position (\d+)/.exec(message);
  if (at) return `${at[1]!.charAt(0).toLowerCase()}${at[1]!.slice(1)} at character ${Number(at[2]) + 1}`;
  return 'the body is not JSON';
}

/** Property-name style: PascalCase as the legacy host wrote, camelCase on request. */
export type JsonCase = 'pascal' | 'camel';

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Writes a response DTO as ServiceStack does: null members omitted, so a bare success is `{}`; an
 * error's `Errors` is a list, empty or not. Names in PascalCase, or camelCase when `jsonCase` is `camel`.
 */
export function encodeJsonResponse(members: ResponseMembers, status: ResponseStatus | undefined, jsonCase?: JsonCase): string {
  const name = jsonCase === 'camel' ? camel : (n: string) => n;
  const out: Record<string, unknown> = {};
  // JSON.stringify leaves undefined members out, as ServiceStack leaves out nulls.
  for (const [key, value] of Object.entries(members)) out[name(key)] = value;
  if (status) {
    const responseStatus: Record<string, unknown> = {
      [name('ErrorCode')]: status.errorCode,
      [name('Message')]: status.message,
    };
    // Never null on an error (ResponseStatusUtils.CreateResponseStatus), so always written.
    responseStatus[name('Errors')] = status.errors.map((e) => ({
      [name('ErrorCode')]: e.errorCode,
      [name('FieldName')]: e.fieldName,
      [name('Message')]: e.message,
    }));
    if (status.meta) responseStatus[name('Meta')] = status.meta;
    out[name('ResponseStatus')] = responseStatus;
  }
  return JSON.stringify(out);
}
