import type { WireFormat } from '../../../lib/wire/negotiate';
import { allOperations, resetCustomerPassword, type OperationSpec } from '../../../lib/wire/operations';
import { routesOf } from '../../../lib/wire/routes';

/** How a route picks its body reader or its response format: fixed, or from the request's headers. */
type Choice = WireFormat | 'header';

/** A route of an operation and the formats ServiceStack fixes for it (WIRE.md). */
export interface RouteRow {
  readonly operation: OperationSpec;
  readonly path: string;
  /** The body format the route reads whatever Content-Type says ('header': by Content-Type). Forms are read everywhere. */
  readonly reads: Choice;
  /** The response format the route fixes ('header': by Accept). */
  readonly answers: Choice;
}

export type InputFormat = 'json' | 'xml' | 'jsv' | 'form' | 'query' | 'empty';

/** What each route family fixes: predefined routes (reply and oneway) their format both ways, /api JSON, endings the answer. */
function rowOf(operation: OperationSpec, path: string): RouteRow {
  const predefined = /^\/(json|xml|jsv|csv|html)\/(?:reply|oneway)\//i.exec(path)?.[1]?.toLowerCase() as WireFormat | undefined;
  if (predefined) return { operation, path, reads: predefined, answers: predefined };
  if (path.startsWith('/api/')) return { operation, path, reads: 'json', answers: 'json' };
  const ending = /\.(json|xml|jsv|csv|html)$/.exec(path)?.[1] as WireFormat | undefined;
  return { operation, path, reads: 'header', answers: ending ?? 'header' };
}

export const routeRows: readonly RouteRow[] = [
  ...allOperations.flatMap((operation) => routesOf(operation).map((path) => rowOf(operation, path))),
  // Not one of the function's own paths: it reaches the public function through its catch-all.
  rowOf(resetCustomerPassword, '/json/reply/resetcustomerpasswordrequest'),
];

export const inputFormats: readonly InputFormat[] = ['json', 'xml', 'jsv', 'form', 'query', 'empty'];
export const acceptedFormats: readonly WireFormat[] = ['json', 'xml', 'jsv'];

/** What a request should get: success, or the ServiceStack error code of its 400. */
export type Outcome = 'ok' | 'NotEmpty' | 'SerializationException' | 'UnsupportedMediaType' | 'TokenNotFound';

/** The status of a refusal: 415 for a body a CSV or HTML route does not read, else 400. */
export const statusOf = (outcome: Outcome): number => (outcome === 'ok' ? 200 : outcome === 'UnsupportedMediaType' ? 415 : 400);

/**
 * The outcome ServiceStack's rules give: an empty body is an empty DTO (NotEmpty on its required
 * field), and so is a JSON object read as JSV; forms and query strings are read on every route; any
 * other body in another format than the one a route fixes cannot be deserialized, and a CSV or HTML
 * route reads no body but forms (415). A request that decodes reaches the operation: a reset succeeds, a
 * revoke of an address without a link succeeds ending none, and verify or complete, sent a
 * well-formed token nobody was issued, answer TokenNotFound.
 */
export function expectedOutcome(route: RouteRow, input: InputFormat): Outcome {
  if (input === 'empty') return 'NotEmpty';
  if ((route.reads === 'csv' || route.reads === 'html') && input !== 'form' && input !== 'query') return 'UnsupportedMediaType';
  // A JSON object is a well-formed JSV map whose names keep their quotes ("Email"), so no member is
  // filled: ServiceStack's TypeSerializer reads it as an empty DTO.
  if (input === 'json' && route.reads === 'jsv') return 'NotEmpty';
  const decoded = input === 'form' || input === 'query' || route.reads === 'header' || route.reads === input;
  if (!decoded) return 'SerializationException';
  return route.operation.readsToken ? 'TokenNotFound' : 'ok';
}

export const responseFormatOf = (route: RouteRow, accept: WireFormat): WireFormat => (route.answers === 'header' ? accept : route.answers);

/** One test's name, shared by the test file and the docs/api.md table so each can be found from the other. */
export const cellName = (route: RouteRow, input: InputFormat, accept: WireFormat): string => `POST ${route.path} with ${input} input, Accept ${accept}`;

const describeOutcome = (route: RouteRow, input: InputFormat, accept: WireFormat): string => {
  const outcome = expectedOutcome(route, input);
  const format = responseFormatOf(route, accept).toUpperCase();
  if (outcome !== 'ok') return `${statusOf(outcome)} ${format} \`${outcome}\``;
  return route.operation === resetCustomerPassword ? `200 ${format}, email sent` : `200 ${format}, RevokedCount 0`;
};

/** The "Routes and formats" table of docs/api.md, built from the same rows the tests run. */
export function routesAndFormatsTable(): string {
  const lines = ['| operation | route | input | Accept: application/json | Accept: application/xml | Accept: text/jsv | tests |', '|---|---|---|---|---|---|---|'];
  for (const route of routeRows) {
    for (const input of inputFormats) {
      const cells = acceptedFormats.map((accept) => describeOutcome(route, input, accept));
      const tests = acceptedFormats.map((accept) => `\`${cellName(route, input, accept)}\``).join('<br>');
      lines.push(`| ${route.operation.requestName} | \`${route.path}\` | ${input} | ${cells.join(' | ')} | ${tests} |`);
    }
  }
  return lines.join('\n');
}
