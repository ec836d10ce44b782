/** One failed field, as ServiceStack's `ResponseError` carries it. */
export interface FieldError {
  readonly errorCode: string;
  readonly fieldName: string;
  readonly message: string;
}

/**
 * The one error family of the service. `expose` says whether `errorCode` and `message` may reach the
 * caller; anything not exposed becomes a generic 500 at the edge, so internals never leak.
 */
export class ServiceError extends Error {
  readonly statusCode: number;
  readonly errorCode: string;
  readonly expose: boolean;
  readonly fieldErrors: readonly FieldError[];
  /** Extra response headers the status needs (e.g. `Allow` on 405). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    errorCode: string,
    message: string,
    options: { expose?: boolean; fieldErrors?: readonly FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.expose = options.expose ?? statusCode < 500;
    this.fieldErrors = options.fieldErrors ?? [];
    this.headers = options.headers ?? {};
  }
}

/** Request fields broke the operation's rules: 400, the top level copies the first field error. */
export class ValidationError extends ServiceError {
  constructor(fieldErrors: readonly FieldError[]) {
    const first = fieldErrors[0] ?? { errorCode: 'ValidationException', message: 'Validation failed' };
    super(400, first.errorCode, first.message, { fieldErrors });
  }
}

/** The body could not be read as the operation's request DTO (ServiceStack's wording). */
export class SerializationError extends ServiceError {
  constructor(message: string) {
    super(400, 'SerializationException', message);
  }
}

/** A body reader's way out: throws the {@link SerializationError} that says why the body could not be read. */
export type Fail = (why: string) => never;

/**
 * The {@link Fail} of a reader of `mediaType` bodies for the DTO `typeName`, in ServiceStack's words:
 * `Could not deserialize '<mediaType>' request using <typeName>: <why>`. `why` names what is wrong
 * (a position, a member), never the body's text.
 */
export const deserializationFailure =
  (mediaType: string, typeName: string): Fail =>
  (why) => {
    throw new SerializationError(`Could not deserialize '${mediaType}' request using ${typeName}: ${why}`);
  };

/** A body this service cannot read: a media type it does not speak, or a charset it cannot decode. */
export class UnsupportedMediaTypeError extends ServiceError {
  constructor(message: string) {
    super(415, 'UnsupportedMediaType', message);
  }
}

export class PayloadTooLargeError extends ServiceError {
  constructor(limit: number) {
    super(413, 'RequestEntityTooLarge', `The request body exceeds ${limit} bytes`);
  }
}

/** An auto-batched request holding more requests than one call may run. */
export class BatchTooLargeError extends ServiceError {
  constructor(limit: number) {
    super(400, 'BatchTooLarge', `An auto-batched request may hold at most ${limit} requests`);
  }
}

export class NotFoundError extends ServiceError {
  constructor() {
    super(404, 'NotFound', 'Handler for Request not found');
  }
}

/**
 * A browser sent this request from a page of a site the stage does not list (see lib/http.ts): 403, as
 * ServiceStack's `HttpError.Forbidden` answers, before anything is counted, written or sent.
 */
export class CrossSiteRequestError extends ServiceError {
  constructor() {
    super(403, 'Forbidden', 'Cross-site requests are only accepted from the origins this service lists');
  }
}

export class MethodNotAllowedError extends ServiceError {
  constructor(method: string, allowed: string) {
    super(405, 'MethodNotAllowed', `${method} is not allowed here; use ${allowed}`, { headers: { Allow: allowed } });
  }
}

/**
 * A reset link that cannot be used. Unknown, malformed and replaced tokens all read as
 * `TokenNotFound`, so the answer never tells a guessed token from a replaced one.
 */
export class TokenError extends ServiceError {
  constructor(errorCode: 'TokenNotFound' | 'TokenExpired' | 'TokenUsed') {
    const messages = {
      TokenNotFound: 'This reset link is not valid. Request a new one.',
      TokenExpired: 'This reset link has expired. Request a new one.',
      TokenUsed: 'This reset link has already been used. Request a new one.',
    };
    super(400, errorCode, messages[errorCode]);
  }
}

/** A dependency (DynamoDB, SES) failed in a way a retry may fix: 503 with Retry-After; details stay in the logs. */
export class DependencyUnavailableError extends ServiceError {
  readonly dependency: string;
  constructor(dependency: string, cause: unknown) {
    super(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again shortly.', {
      expose: true,
      cause,
      headers: { 'Retry-After': '1' },
    });
    this.dependency = dependency;
  }
}

/** Over a limit: 429 with Retry-After, and the wait stated in the message (Cognito leaves people guessing). */
export class TooManyRequestsError extends ServiceError {
  constructor(retryAfterSeconds: number) {
    super(429, 'TooManyRequests', `Too many reset requests. Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
