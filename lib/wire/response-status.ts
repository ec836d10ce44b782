import { ServiceError, type FieldError } from '../errors';

/** ServiceStack's `ResponseStatus`, the error part of every response DTO. */
export interface ResponseStatus {
  readonly errorCode: string;
  readonly message: string;
  readonly errors: readonly FieldError[];
  /** ServiceStack's `Meta` map; set only on a failed item of an auto-batched request (`AutoBatchIndex`). */
  readonly meta?: Readonly<Record<string, string>>;
}

/**
 * What callers see of every unexpected failure, whatever it was: one code and one message. ServiceStack
 * would put the exception's type name in `ErrorCode`; here that would name AWS errors on the wire
 * (`ResourceNotFoundException`, say) and let paths that fail differently tell apart what callers
 * must not tell apart. `Exception` is the code ServiceStack gives .NET's base exception,
 * so clients read it as any server error. The error itself is logged, masked, at the edge.
 */
export const UNEXPECTED_ERROR = Object.freeze({ errorCode: 'Exception', message: 'An unexpected error occurred' });

/**
 * Maps any thrown value to the status code and ResponseStatus the caller sees. Only a
 * {@link ServiceError} marked `expose` shows its own code and message; anything else gets
 * {@link UNEXPECTED_ERROR} (with a service error's own status, else 500): never its name, message or stack.
 */
export function toResponseStatus(error: unknown): {
  statusCode: number;
  status: ResponseStatus;
  headers: Readonly<Record<string, string>>;
} {
  if (!(error instanceof ServiceError)) return { statusCode: 500, status: { ...UNEXPECTED_ERROR, errors: [] }, headers: {} };
  const status = error.expose ? { errorCode: error.errorCode, message: error.message, errors: error.fieldErrors } : { ...UNEXPECTED_ERROR, errors: [] };
  return { statusCode: error.statusCode, status, headers: error.headers };
}
