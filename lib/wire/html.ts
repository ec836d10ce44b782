import { escapeHtml } from '../escape-html';
import type { ResponseMembers, ResponseShape } from './operations';
import type { ResponseStatus } from './response-status';

/**
 * The HTML report format: what a browser sees when it asks for a response DTO (`Accept: text/html`
 * or `?format=html`), as ServiceStack's HtmlFormat shows one: the DTO's name and a table of its
 * members. ServiceStack's page renders the DTO with script from embedded JSON; this page is rendered
 * on the server, so it runs no script at all and its Content-Security-Policy can forbid every one.
 * Every value is escaped.
 */

const STYLE = 'body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}';

/**
 * Headers of every HTML answer: a policy that allows nothing but the page's own style (by its hash),
 * no framing (the page shows a customer's brand and masked address), no sniffing, no referrer, no caching.
 */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'sha256-CBlM57L42WMpq7J81Zdbse1DT43np56GH3fvJTg/pvE='; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** A table of name/value rows; values are already HTML. */
const table = (rows: readonly (readonly [string, string])[]): string =>
  `<table>${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${value}</td></tr>`).join('')}</table>`;

const text = (value: string | number | undefined): string => (value === undefined ? '' : escapeHtml(String(value)));

function statusTable(status: ResponseStatus): string {
  const errors = status.errors.map((e) => `<tr><td>${text(e.errorCode)}</td><td>${text(e.fieldName)}</td><td>${text(e.message)}</td></tr>`).join('');
  const rows: [string, string][] = [
    ['ErrorCode', text(status.errorCode)],
    ['Message', text(status.message)],
    ['Errors', `<table><tr><th>ErrorCode</th><th>FieldName</th><th>Message</th></tr>${errors}</table>`],
  ];
  if (status.meta) rows.push(['Meta', table(Object.entries(status.meta).map(([key, value]) => [key, text(value)]))]);
  return table(rows);
}

/** A whole page: `title` (HTML already) as its title and heading, then `content`. */
const page = (title: string, content: string): string =>
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>\n<body>\n<h1>${title}</h1>\n${content}\n</body>\n</html>\n`;

/** A response DTO as an HTML page: its name, then each member (ResponseStatus last), empty when null. */
export function encodeHtmlResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  const rows: [string, string][] = shape.responseFields.map((f) => [f.name, text(members[f.name])]);
  rows.push(['ResponseStatus', status ? statusTable(status) : '']);
  return page(escapeHtml(shape.responseName), table(rows));
}

/**
 * An auto-batched call's answers as an HTML page, as HtmlFormat shows a list: one table, a column
 * per member and a row per answer (each a success, so ResponseStatus is left out).
 */
export function encodeHtmlList(shape: ResponseShape, answers: readonly ResponseMembers[]): string {
  const head = shape.responseFields.map((f) => `<th>${escapeHtml(f.name)}</th>`).join('');
  const rows = answers.map((members) => `<tr>${shape.responseFields.map((f) => `<td>${text(members[f.name])}</td>`).join('')}</tr>`).join('');
  return page(`${escapeHtml(shape.responseName)}[]`, `<table><tr>${head}</tr>${rows}</table>`);
}
