import { UnsupportedMediaTypeError } from '../errors';
import type { MatchedRoute } from './routes';

/** The formats a response may be written in. */
export type WireFormat = 'json' | 'xml' | 'jsv' | 'csv' | 'html';
/** The formats a request body may be written in: CSV and HTML are answers only. */
export type ReadableFormat = 'json' | 'xml' | 'jsv';

/** How the request body is to be read. */
export type BodyFormat = ReadableFormat | 'form' | 'multipart' | 'empty';

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

const XML_TYPES = new Set(['application/xml', 'text/xml']);
const JSON_TYPES = new Set(['application/json', 'text/json']);
/** ServiceStack's `MimeTypes.Jsv` and `MimeTypes.JsvText`, which it treats alike (`ContentFormat.ContentTypeAliases`). */
const JSV_TYPES = new Set(['application/jsv', 'text/jsv']);
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MULTIPART_TYPE = 'multipart/form-data';

/** The format a request's media type names, if it names one this service reads. */
function formatOfMediaType(contentType: string | undefined): ReadableFormat | undefined {
  const type = mediaType(contentType);
  if (JSON_TYPES.has(type)) return 'json';
  if (XML_TYPES.has(type)) return 'xml';
  if (JSV_TYPES.has(type)) return 'jsv';
  return undefined;
}

/**
 * Picks the body reader. Form posts, URL-encoded or multipart, are read on every route. Otherwise a predefined route reads its
 * own format whatever the Content-Type says, and the custom route reads what Content-Type names (no
 * Content-Type: JSON). An empty body needs no reader: it is an empty DTO, which then fails
 * validation. A body of a type the custom route does not read is a 415 rather than a guess.
 */
export function bodyFormat(route: Pick<MatchedRoute, 'kind' | 'pathFormat'>, contentType: string | undefined, body: string): BodyFormat {
  if (body.trim() === '') return 'empty';
  const type = mediaType(contentType);
  if (type === FORM_TYPE) return 'form';
  if (type === MULTIPART_TYPE) return 'multipart';
  // A predefined route's path always names its format (/json/reply/, /xml/reply/).
  if (route.kind === 'predefined') {
    const own = route.pathFormat!;
    if (own === 'csv' || own === 'html') throw new UnsupportedMediaTypeError(`Request bodies in ${own.toUpperCase()} are not read; send a form, or JSON, XML or JSV to their routes`);
    return own;
  }
  if (route.kind === 'api') return 'json';
  if (type === '') return 'json';
  const format = formatOfMediaType(type);
  if (!format) throw new UnsupportedMediaTypeError(`The content type '${type}' is not supported`);
  return format;
}

/** The part of a request that decides the response format. */
export interface NegotiationInput {
  readonly formatParam?: string | undefined;
  readonly accept?: string | undefined;
  readonly contentType?: string | undefined;
}

const asFormat = (value: string | undefined): WireFormat | undefined => {
  const lower = value?.trim().toLowerCase();
  return lower === 'json' || lower === 'xml' || lower === 'jsv' || lower === 'csv' || lower === 'html' ? lower : undefined;
};

/**
 * ServiceStack's reading of Accept: its own list (`HostConfig.PreferredContentTypes`: HTML, JSON, XML,
 * JSV), then the other formats it has (CSV), q-values ignored. HTML is looked for first, so a
 * browser's Accept (`text/html,...,*\/*;q=0.8`) gets the HTML report, as from ServiceStack.
 */
function formatOfAccept(accept: string | undefined, contentType: string | undefined): WireFormat {
  // Stryker disable next-line StringLiteral: no Accept reads as any text that names no media type
  const accepted = (accept ?? '').split(',').map(mediaType);
  if (accepted.includes('text/html')) return 'html';
  // `*/*` means "answer in the request's own format".
  if (accepted.includes('*/*')) return formatOfMediaType(contentType) ?? 'json';
  if (accepted.some((type) => JSON_TYPES.has(type))) return 'json';
  if (accepted.some((type) => XML_TYPES.has(type))) return 'xml';
  if (accepted.some((type) => JSV_TYPES.has(type))) return 'jsv';
  if (accepted.includes('text/csv')) return 'csv';
  return 'json';
}

/**
 * The response format, in ServiceStack's order for each route family:
 * - custom route: the path ending, then `?format=`, then Accept, then JSON;
 * - predefined route: `?format=`, else the route's own format (Accept is ignored);
 * - `/api/`: the path ending, then `?format=`, then JSON.
 * Without a matched route (a 404), `?format=`, then Accept.
 */
export function responseFormat(route: Pick<MatchedRoute, 'kind' | 'pathFormat'> | undefined, input: NegotiationInput): WireFormat {
  const param = asFormat(input.formatParam);
  switch (route?.kind) {
    case 'predefined':
      return param ?? route.pathFormat!;
    case 'api':
      return route.pathFormat ?? param ?? 'json';
    case 'custom':
      return route.pathFormat ?? param ?? formatOfAccept(input.accept, input.contentType);
    default:
      return param ?? formatOfAccept(input.accept, input.contentType);
  }
}
