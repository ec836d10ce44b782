import { UnsupportedMediaTypeError } from '../errors';

export type WireFormat = 'json' | 'xml';

/** How the request body is to be read. */
export type BodyFormat = WireFormat | 'empty';

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

const XML_TYPES = new Set(['application/xml', 'text/xml']);
const JSON_TYPES = new Set(['application/json', 'text/json']);

/** The wire format a media type names, if it names one this service speaks. */
export function formatOfMediaType(contentType: string | undefined): WireFormat | undefined {
  const type = mediaType(contentType);
  if (JSON_TYPES.has(type)) return 'json';
  if (XML_TYPES.has(type)) return 'xml';
  return undefined;
}

/**
 * Picks the body reader from Content-Type. An empty body needs no reader (it is an empty DTO, which
 * then fails validation); a body of a type we do not read is a 415 rather than a guess.
 */
export function bodyFormat(contentType: string | undefined, body: string): BodyFormat {
  if (body.trim() === '') return 'empty';
  if (mediaType(contentType) === '') return 'json';
  const format = formatOfMediaType(contentType);
  if (!format) throw new UnsupportedMediaTypeError(mediaType(contentType));
  return format;
}

/** The part of a request that decides the response format on the custom route. */
export interface NegotiationInput {
  /** `json` or `xml` when the path ends in `.json` / `.xml`. */
  readonly pathFormat?: string | undefined;
  readonly formatParam?: string | undefined;
  readonly accept?: string | undefined;
  readonly contentType?: string | undefined;
}

const asFormat = (value: string | undefined): WireFormat | undefined => {
  const lower = value?.trim().toLowerCase();
  return lower === 'json' || lower === 'xml' ? lower : undefined;
};

/**
 * ServiceStack's order on a custom route: the path ending, then `?format=`, then Accept, then JSON.
 * Accept is matched against ServiceStack's own list (JSON before XML), ignoring q-values; `*\/*`
 * means "answer in the request's own format".
 */
export function responseFormat(input: NegotiationInput): WireFormat {
  const explicit = asFormat(input.pathFormat) ?? asFormat(input.formatParam);
  if (explicit) return explicit;
  const accepted = (input.accept ?? '').split(',').map(mediaType).filter(Boolean);
  if (accepted.includes('*/*')) return formatOfMediaType(input.contentType) ?? 'json';
  if (accepted.some((type) => JSON_TYPES.has(type))) return 'json';
  if (accepted.some((type) => XML_TYPES.has(type))) return 'xml';
  return 'json';
}
