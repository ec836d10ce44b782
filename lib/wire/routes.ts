import type { WireFormat } from './negotiate';
import type { OperationSpec } from './operations';

/**
 * Which of ServiceStack's route families a request came in on; it decides how the body is read,
 * how the query string merges into the DTO and how the response format is chosen.
 * - `custom`: the operation's own route (`/ResetCustomerPassword`, `.json` / `.xml` endings allowed)
 * - `predefined`: `/json/reply/{Request}` and `/xml/reply/{Request}`, with the format in the path
 * - `api`: `/api/{Request}`, JSON unless its ending says otherwise
 */
export type RouteKind = 'custom' | 'predefined' | 'api';

export interface MatchedRoute<Op extends OperationSpec = OperationSpec> {
  readonly operation: Op;
  readonly kind: RouteKind;
  /** The format the path itself fixes (predefined route, or a `.json` / `.xml` ending). */
  readonly pathFormat: WireFormat | undefined;
}

const PREDEFINED = /^\/(json|xml)\/reply\/([^/]+)$/i;
const API = /^\/api\/([^/.]+)(?:\.(json|xml))?$/i;
const CUSTOM = /^(\/[^.]+?)(?:\.(json|xml))?$/i;

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

/**
 * Finds the operation a path addresses, matching names and routes ignoring case as ServiceStack
 * does. `undefined` means no operation served here lives at that path (a 404), and so does a path
 * longer than {@link MAX_PATH_LENGTH}.
 */
export function matchRoute<Op extends OperationSpec>(path: string, operations: readonly Op[]): MatchedRoute<Op> | undefined {
  if (path.length > MAX_PATH_LENGTH) return undefined;
  const trimmed = trimTrailingSlashes(path);
  const byRequestName = (name: string) => operations.find((op) => op.requestName.toLowerCase() === name.toLowerCase());

  const predefined = PREDEFINED.exec(trimmed);
  if (predefined) {
    const operation = byRequestName(predefined[2]!);
    return operation && { operation, kind: 'predefined', pathFormat: lowerFormat(predefined[1]) };
  }
  const api = API.exec(trimmed);
  if (api) {
    const operation = byRequestName(api[1]!);
    return operation && { operation, kind: 'api', pathFormat: lowerFormat(api[2]) };
  }
  const custom = CUSTOM.exec(trimmed);
  if (custom) {
    const operation = operations.find((op) => op.route.toLowerCase() === custom[1]!.toLowerCase());
    return operation && { operation, kind: 'custom', pathFormat: lowerFormat(custom[2]) };
  }
  return undefined;
}

/**
 * Every path an operation answers on, in ServiceStack's order: its custom route with and without
 * format endings, the two predefined routes and `/api/`. Metadata, OpenAPI and the deployment checks
 * read this list, so they name exactly the paths {@link matchRoute} accepts.
 */
export function routesOf(operation: Pick<OperationSpec, 'route' | 'requestName'>): readonly string[] {
  return [
    operation.route,
    `${operation.route}.json`,
    `${operation.route}.xml`,
    `/json/reply/${operation.requestName}`,
    `/xml/reply/${operation.requestName}`,
    `/api/${operation.requestName}`,
  ];
}
