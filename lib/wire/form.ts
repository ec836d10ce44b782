import { pickRequestFields, type OperationSpec, type RequestDto } from './operations';
import type { RouteKind } from './routes';

/** Form and query values: a string, or undefined for a name not given. */
const asText = (value: unknown): string | undefined => value as string | undefined;

/** Reads an `application/x-www-form-urlencoded` body; names match ignoring case. */
export function decodeFormRequest(body: string, operation: OperationSpec): RequestDto {
  return pickRequestFields(new URLSearchParams(body), operation, asText);
}

/**
 * Merges query-string values into the body's DTO the way ServiceStack does: on the custom route they
 * override the body (RestPath populates from the query after the body); on predefined routes they
 * only fill fields the body left empty.
 */
export function mergeQuery(
  kind: RouteKind,
  fromBody: RequestDto,
  query: Readonly<Record<string, string | undefined>> | null,
  operation: OperationSpec,
): RequestDto {
  if (!query) return fromBody;
  const merged: Record<string, string | undefined> = { ...fromBody };
  for (const [name, value] of Object.entries(pickRequestFields(Object.entries(query), operation, asText))) {
    if (kind === 'custom' || !merged[name]) merged[name] = value;
  }
  return merged;
}
