import { SerializationError } from '../errors';
import { pickRequestFields, type OperationSpec, type RequestDto, type ResponseMembers } from './operations';
import type { ResponseStatus } from './response-status';

/**
 * Reads a JSON body the way ServiceStack's JSON deserializer does: property names matched ignoring
 * case, unknown properties ignored, scalars read as strings, `null` as absent. Objects or arrays
 * where a string belongs are a SerializationException rather than a silent guess.
 */
export function decodeJsonRequest(body: string, operation: OperationSpec): RequestDto {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SerializationError(`Could not deserialize 'application/json' request using ${operation.requestName}`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SerializationError(`Could not deserialize 'application/json' request using ${operation.requestName}: expected an object`);
  }
  return pickRequestFields(Object.entries(parsed), operation, (value, field) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') {
      throw new SerializationError(`Could not deserialize 'application/json' request using ${operation.requestName}: '${field.name}' must be a string`);
    }
    return String(value);
  });
}

/** Property-name style: PascalCase as the legacy host wrote, camelCase on request. */
export type JsonCase = 'pascal' | 'camel';

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Writes a response DTO as ServiceStack does: null members omitted, so a bare success is `{}`; an error's `Errors` is a list, empty or not. */
export function encodeJsonResponse(members: ResponseMembers, status: ResponseStatus | undefined, jsonCase: JsonCase = 'pascal'): string {
  const name = jsonCase === 'camel' ? camel : (n: string) => n;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(members)) if (value !== undefined) out[name(key)] = value;
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
    out[name('ResponseStatus')] = responseStatus;
  }
  return JSON.stringify(out);
}
