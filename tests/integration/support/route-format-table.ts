import type { WireFormat } from '../../../lib/wire/negotiate';

/** How a route picks its body reader or its response format: fixed, or from the request's headers. */
type Choice = WireFormat | 'header';

/** A route of ResetCustomerPasswordRequest and the formats ServiceStack fixes for it (WIRE.md). */
export interface RouteRow {
  readonly path: string;
  /** The body format the route reads whatever Content-Type says ('header': by Content-Type). Forms are read everywhere. */
  readonly reads: Choice;
  /** The response format the route fixes ('header': by Accept). */
  readonly answers: Choice;
}

export type InputFormat = 'json' | 'xml' | 'form' | 'query' | 'empty';

export const routeRows: readonly RouteRow[] = [
  { path: '/ResetCustomerPassword', reads: 'header', answers: 'header' },
  { path: '/ResetCustomerPassword.json', reads: 'header', answers: 'json' },
  { path: '/ResetCustomerPassword.xml', reads: 'header', answers: 'xml' },
  { path: '/json/reply/ResetCustomerPasswordRequest', reads: 'json', answers: 'json' },
  { path: '/xml/reply/ResetCustomerPasswordRequest', reads: 'xml', answers: 'xml' },
  { path: '/api/ResetCustomerPasswordRequest', reads: 'json', answers: 'json' },
  // Not one of the function's own paths: it reaches it through the public catch-all.
  { path: '/json/reply/resetcustomerpasswordrequest', reads: 'json', answers: 'json' },
];

export const inputFormats: readonly InputFormat[] = ['json', 'xml', 'form', 'query', 'empty'];
export const acceptedFormats: readonly WireFormat[] = ['json', 'xml'];

/** What a request should get: success, or the ServiceStack error code of its 400. */
export type Outcome = 'ok' | 'NotEmpty' | 'SerializationException';

/**
 * The outcome ServiceStack's rules give: an empty body is an empty DTO (NotEmpty on Email); forms
 * and query strings are read on every route; a body in another format than the one a route fixes
 * cannot be deserialized.
 */
export function expectedOutcome(route: RouteRow, input: InputFormat): Outcome {
  if (input === 'empty') return 'NotEmpty';
  if (input === 'form' || input === 'query') return 'ok';
  return route.reads === 'header' || route.reads === input ? 'ok' : 'SerializationException';
}

export const responseFormatOf = (route: RouteRow, accept: WireFormat): WireFormat => (route.answers === 'header' ? accept : route.answers);

/** One test's name, shared by the test file and the README table so each can be found from the other. */
export const cellName = (route: RouteRow, input: InputFormat, accept: WireFormat): string => `POST ${route.path} with ${input} input, Accept ${accept}`;

const describeOutcome = (route: RouteRow, input: InputFormat, accept: WireFormat): string => {
  const outcome = expectedOutcome(route, input);
  const format = responseFormatOf(route, accept).toUpperCase();
  return outcome === 'ok' ? `200 ${format}, email sent` : `400 ${format} \`${outcome}\``;
};

/** The README's "Routes and formats" table, built from the same rows the tests run. */
export function routesAndFormatsTable(): string {
  const lines = ['| route | input | Accept: application/json | Accept: application/xml | tests |', '|---|---|---|---|---|'];
  for (const route of routeRows) {
    for (const input of inputFormats) {
      const cells = acceptedFormats.map((accept) => describeOutcome(route, input, accept));
      const tests = acceptedFormats.map((accept) => `\`${cellName(route, input, accept)}\``).join('<br>');
      lines.push(`| \`${route.path}\` | ${input} | ${cells.join(' | ')} | ${tests} |`);
    }
  }
  return lines.join('\n');
}
