import { ServiceError, type FieldError } from '../errors';

/** ServiceStack's `ResponseStatus`, the error part of every response DTO. */
export interface ResponseStatus {
  readonly errorCode: string;
  readonly message: string;
  readonly errors: readonly FieldError[];
}

/** What callers may see of a failure that is not a {@link ServiceError} meant for them. */
const GENERIC_MESSAGE = 'An unexpected error occurred';

/**
 * Maps any thrown value to the status code and ResponseStatus the caller sees. Errors that are not
 * exposed keep ServiceStack's convention of naming the error's type, with a generic message: never
 * its own message or stack, which may carry internals.
 */
export function toResponseStatus(error: unknown): {
  statusCode: number;
  status: ResponseStatus;
  headers: Readonly<Record<string, string>>;
} {
  if (!(error instanceof ServiceError)) {
    return { statusCode: 500, status: { errorCode: typeName(error), message: GENERIC_MESSAGE, errors: [] }, headers: {} };
  }
  const status = error.expose
    ? { errorCode: error.errorCode, message: error.message, errors: error.fieldErrors }
    : { errorCode: error.errorCode, message: GENERIC_MESSAGE, errors: [] };
  return { statusCode: error.statusCode, status, headers: error.headers };
}

function typeName(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  return name && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : 'Exception';
}
