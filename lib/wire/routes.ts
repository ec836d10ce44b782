import type { WireFormat } from './negotiate';
import type { OperationSpec } from './operations';

/**
 * Which of ServiceStack's route families a request came in on; it decides how the body is read,
 * how the query string merges into the DTO and how the response format is chosen.
 * - `custom`: the operation's own route (`/ResetCustomerPassword`, `.json` / `.xml` / `.jsv` / `.csv` / `.html` endings allowed)
 * - `predefined`: `/{json|xml|jsv|csv|html}/{reply|oneway}/{Request}`, with the format in the path
 * - `api`: `/api/{Request}`, JSON unless its ending says otherwise
 */
export type RouteKind = 'custom' | 'predefined' | 'api';

export interface MatchedRoute<Op extends OperationSpec = OperationSpec> {
  readonly operation: Op;
  readonly kind: RouteKind;
  /** The format the path itself fixes (predefined route, or a `.json` / `.xml` / `.jsv` ending). */
  readonly pathFormat: WireFormat | undefined;
  /**
   * A predefined route's endpoint. ServiceStack without a message queue runs a `oneway` call at once
   * and answers as `reply` does (`ServiceRunner.ExecuteOneWay`); only JSV's media type differs.
   */
  readonly endpoint?: 'reply' | 'oneway';
  /** `/{format}/reply/{Request}[]`: an auto-batched request, a list of DTOs (`ServiceController.GetService`). */
  readonly batch?: boolean;
}

/** `[]` after the request name may arrive percent-encoded (`%5B%5D`). */
const PREDEFINED = /^\/(json|xml|jsv|csv|html)\/(reply|oneway)\/([^/[%]+)(\[\]|%5B%5D)?$/i;
const API = /^\/api\/([^/.]+)(?:\.(json|xml|jsv))?$/i;
const CUSTOM = /^(\/[^.]+?)(?:\.(json|xml|jsv|csv|html))?$/i;

/**
 * The longest path matched at all. The longest route is about 50 characters; anything far beyond is no
 * route of ours and answers 404 like any unknown path, before a regular expression reads it.
 */
export const MAX_PATH_LENGTH = 2048;

const SLASH = 0x2f;

/**
 * The path without trailing slashes (ServiceStack ignores them), keeping a lone `/`. A backward scan,
 * linear in the path's length: the regular expression `/\/+$/` it replaces restarts at every slash of
 * a run that does not end the path, which is quadratic (8,000 slashes took about 95 ms per request).
 */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === SLASH) end--;
  return path.slice(0, end);
}

const lowerFormat = (format: string | undefined): WireFormat | undefined => format?.toLowerCase() as WireFormat | undefined;

/** What a path says by its shape alone: its route family and format, and the name it addresses (a request name, or a custom route). */
export type PathShape = Omit<MatchedRoute, 'operation'> & { readonly name: string };

/**
 * The shape of `path` before any operation is looked up, so even a path no operation lives at (a
 * 404) is answered in the format it names (`/jsv/reply/NoSuchRequest` in JSV); undefined for a path
 * of no route family, or longer than {@link MAX_PATH_LENGTH}.
 */
export function shapeOfPath(path: string): PathShape | undefined {
  if (path.length > MAX_PATH_LENGTH) return undefined;
  const trimmed = trimTrailingSlashes(path);
  const predefined = PREDEFINED.exec(trimmed);
  if (predefined) {
    const endpoint = predefined[2]!.toLowerCase() as 'reply' | 'oneway';
    return { kind: 'predefined', pathFormat: lowerFormat(predefined[1]), endpoint, batch: predefined[4] !== undefined, name: predefined[3]! };
  }
  const api = API.exec(trimmed);
  if (api) return { kind: 'api', pathFormat: lowerFormat(api[2]), name: api[1]! };
  const custom = CUSTOM.exec(trimmed);
  return custom ? { kind: 'custom', pathFormat: lowerFormat(custom[2]), name: custom[1]! } : undefined;
}

/**
 * Finds the operation a path addresses, matching names and routes ignoring case as ServiceStack
 * does. `undefined` means no operation served here lives at that path (a 404), and so does a path
 * longer than {@link MAX_PATH_LENGTH}.
 */
export function matchRoute<Op extends OperationSpec>(path: string, operations: readonly Op[]): MatchedRoute<Op> | undefined {
  const shape = shapeOfPath(path);
  if (!shape) return undefined;
  const { name, ...route } = shape;
  const operation = operations.find((op) => (route.kind === 'custom' ? op.route : op.requestName).toLowerCase() === name.toLowerCase());
  return operation && { operation, ...route };
}

/** The formats of the predefined routes and path endings, in ServiceStack's order (`/api?/[xml|json|html|jsv|csv]/[reply|oneway]/`). */
const WIRE_FORMATS: readonly WireFormat[] = ['json', 'xml', 'jsv', 'csv', 'html'];

/** The formats with paths of their own beyond JSON and XML (endings and predefined routes). */
const OTHER_PATH_FORMATS: readonly WireFormat[] = ['jsv', 'csv', 'html'];

type RouteNames = Pick<OperationSpec, 'route' | 'requestName'>;

/** The routes an operation's clients use: its custom route with and without `.json` / `.xml` endings, the JSON and XML reply routes and `/api/`. */
const clientRoutesOf = (operation: RouteNames): string[] => [
  operation.route,
  `${operation.route}.json`,
  `${operation.route}.xml`,
  `/json/reply/${operation.requestName}`,
  `/xml/reply/${operation.requestName}`,
  `/api/${operation.requestName}`,
];

/**
 * Every path an operation answers on, in ServiceStack's order: its custom route with and without
 * `.json` / `.xml` endings, the JSON and XML reply routes and `/api/` (the routes its clients use),
 * then the `.jsv`, `.csv` and `.html` endings, the reply routes of those formats and the oneway
 * route of every format. Metadata, OpenAPI and the integration matrix read this list. Auto-batched
 * paths (`.../{Request}[]`) are not listed: API Gateway's resource paths cannot hold brackets, so
 * they come through the public catch-all, to the reset function only (docs/api.md).
 */
export function routesOf(operation: RouteNames): readonly string[] {
  return [
    ...clientRoutesOf(operation),
    ...OTHER_PATH_FORMATS.map((format) => `${operation.route}.${format}`),
    ...OTHER_PATH_FORMATS.map((format) => `/${format}/reply/${operation.requestName}`),
    ...WIRE_FORMATS.map((format) => `/${format}/oneway/${operation.requestName}`),
  ];
}

/**
 * The paths API Gateway routes to an operation's function by name; the deployment checks read this
 * list against serverless.yml's events. An operation behind the API key has every path of
 * {@link routesOf}: only named routes can ask for the key. The public reset names the six its
 * clients use, and reaches the rest through its public catch-all, which also serves unknown paths
 * (404) and auto-batched requests. Each function's throttling budget is split evenly over its
 * named routes (deploy/own-api-stage.js), the catch-all included.
 */
export function explicitRoutesOf(operation: RouteNames & Pick<OperationSpec, 'requiresApiKey'>): readonly string[] {
  return operation.requiresApiKey ? routesOf(operation) : clientRoutesOf(operation);
}
