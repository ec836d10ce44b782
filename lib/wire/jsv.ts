import { deserializationFailure, type Fail } from '../errors';
import { pickRequestFields, type OperationSpec, type RequestDto, type ResponseMembers, type ResponseShape } from './operations';
import type { ResponseStatus } from './response-status';

/**
 * JSV, ServiceStack.Text's own text format (what `JsvServiceClient` speaks), as its source writes and
 * reads it (repo ServiceStack/ServiceStack.Text, `src/ServiceStack.Text/`): maps are `{Name:Value,...}`,
 * lists `[a,b]`, and a string is written bare unless it holds one of `JsWriter.EscapeChars`
 * (`"` `:` `,` `{` `}` `[` `]` CR LF): then it is wrapped in double quotes with each `"` doubled
 * (`StringExtensions.EncodeJsv`). The empty string is `""` (`JsvTypeSerializer.WriteString`).
 */

/** `JsWriter.EscapeChars`: any of these makes a string need quotes. */
const ESCAPE_CHARS = /[":,{}[\]\r\n]/;

/** A string value as `JsvTypeSerializer.WriteString` writes it. */
export function encodeJsvString(value: string): string {
  if (value === '') return '""';
  return ESCAPE_CHARS.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A UTC instant as `DateTimeSerializer.ToShortestXsdDateTimeString` writes it: the date alone at
 * midnight, whole seconds without a fraction, else the fraction without trailing zeros; always `Z`.
 * Written bare: `WriteDateTime` does not escape, so the colons stay unquoted.
 */
export function shortestXsdDateTime(iso: string): string {
  const instant = new Date(iso).toISOString();
  if (instant.endsWith('T00:00:00.000Z')) return instant.slice(0, 10);
  return instant.replace(/\.?0*Z$/, 'Z');
}

/** A map of already written values, null members left out (JSV never writes nulls). */
const map = (entries: readonly (readonly [string, string | undefined])[]): string =>
  `{${entries.flatMap(([name, value]) => (value === undefined ? [] : [`${name}:${value}`])).join(',')}}`;

const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : encodeJsvString(value));

/**
 * `ResponseStatus` in its declared order (ErrorCode, Message, StackTrace, Errors, Meta), each
 * `ResponseError` likewise (ErrorCode, FieldName, Message, Meta); `Errors` is never null on an error.
 */
export function encodeJsvResponseStatus(status: ResponseStatus): string {
  const errors = status.errors.map((e) => map([['ErrorCode', text(e.errorCode)], ['FieldName', text(e.fieldName)], ['Message', text(e.message)]]));
  const meta = status.meta && map(Object.entries(status.meta).map(([key, value]) => [key, text(value)]));
  return map([['ErrorCode', text(status.errorCode)], ['Message', text(status.message)], ['Errors', `[${errors.join(',')}]`], ['Meta', meta]]);
}

/**
 * Writes a response DTO as `TypeSerializer.SerializeToString` does: its members in the order the
 * JSON encoder writes them, `DateTime` members in the shortest XSD form, null members left out (a bare
 * success is `{}`), then `ResponseStatus` when there is one.
 */
export function encodeJsvResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  const typeOf = (name: string) => shape.responseFields.find((f) => f.name === name)?.type;
  const entries = Object.entries(members).map(([name, value]): [string, string | undefined] => [
    name,
    value === undefined ? undefined : typeOf(name) === 'DateTime' ? shortestXsdDateTime(String(value)) : encodeJsvString(String(value)),
  ]);
  if (status) entries.push(['ResponseStatus', encodeJsvResponseStatus(status)]);
  return map(entries);
}

/**
 * Writes a request DTO as `JsvServiceClient` sends it: every member the body holds, in the
 * operation's order, absent ones left out. Used for the metadata page's samples and by tests.
 */
export function encodeJsvRequest(operation: OperationSpec, dto: RequestDto): string {
  return map(operation.requestFields.map((f) => [f.name, text(dto[f.name])]));
}

/** A list of already written JSV values: `[a,b]`. */
export const encodeJsvList = (items: readonly string[]): string => `[${items.join(',')}]`;

/**
 * Where one value ends, as `JsvTypeSerializer.EatValue` finds it; `undefined` when it never closes.
 * `close` is the bracket of the map or list the value sits in: a bare value runs to it or to a `,`.
 */
function endOfValue(body: string, start: number, close: '}' | ']'): number | undefined {
  const first = body[start];
  if (first === '"') {
    // A quoted string: `""` is a literal quote; the first lone quote ends it.
    for (let i = start + 1; i < body.length; i++) {
      if (body[i] !== '"') continue;
      if (body[i + 1] !== '"') return i + 1;
      i++;
    }
    return undefined;
  }
  if (first === '{' || first === '[') {
    // A nested map or list: count its own brackets, ignoring any inside quotes.
    const own = first === '{' ? '}' : ']';
    let depth = 0;
    let quoted = false;
    for (let i = start; i < body.length; i++) {
      const c = body[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === first) depth++;
      else if (!quoted && c === own && --depth === 0) return i + 1;
    }
    return undefined;
  }
  let i = start;
  while (i < body.length && body[i] !== ',' && body[i] !== close) i++;
  return i;
}


/**
 * The items of a JSV list `[a,b,...]` (`[]` has none), each as written; a body that is not exactly one
 * list fails. Linear in the body's length: every character is looked at once.
 */
function readJsvList(body: string, fail: Fail): string[] {
  if (!body.startsWith('[') || !body.endsWith(']')) fail('expected a list: [...]');
  const items: string[] = [];
  if (body === '[]') return items;
  for (let i = 1; ; ) {
    const end = endOfValue(body, i, ']');
    if (end === undefined) return fail(`the item at character ${i + 1} is not closed`);
    items.push(body.slice(i, end));
    if (end === body.length - 1) return items;
    if (body[end] !== ',') return fail(`expected ',' or ']' at character ${end + 1}`);
    i = end + 1;
  }
}

/**
 * The entries of a JSV map `{Name:Value,...}` as `DeserializeTypeRefJsv.StringToType` reads them:
 * names run to the first `:` and are trimmed, values as {@link endOfValue} finds them. Unlike
 * ServiceStack, which reads past a stray character, anything between a value and the next `,` or the
 * closing `}` fails.
 */
function readJsvMap(body: string, fail: Fail): [string, string][] {
  if (!body.startsWith('{') || !body.endsWith('}')) fail('expected a map: {Name:Value,...}');
  const entries: [string, string][] = [];
  if (body === '{}') return entries;
  for (let i = 1; ; ) {
    const colon = body.indexOf(':', i);
    if (colon < 0) return fail(`expected ':' after the name at character ${i + 1}`);
    const end = endOfValue(body, colon + 1, '}');
    if (end === undefined) return fail(`the value at character ${colon + 2} is not closed`);
    entries.push([body.slice(i, colon).trim(), body.slice(colon + 1, end)]);
    if (end === body.length - 1) return entries;
    if (body[end] !== ',') return fail(`expected ',' or '}' at character ${end + 1}`);
    i = end + 1;
  }
}

/** A string as `FromCsvField` reads it: quotes off and `""` made `"` when it starts with one. */
const unquote = (value: string): string => (value.startsWith('"') ? value.slice(1, -1).replace(/""/g, '"') : value);

/**
 * Reads a JSV request body (`Content-Type: text/jsv` or `application/jsv`, or any body on `/jsv/`
 * routes) into the operation's DTO: names matched ignoring case, unknown names ignored, a name given
 * twice takes the last value (see pickRequestFields), `Name:` or `Name:""` an empty string. A map or
 * list where a string belongs, or a body that is not one map, is a SerializationException that says
 * where, never quoting the body.
 */
export function decodeJsvRequest(body: string, operation: OperationSpec): RequestDto {
  const trimmed = body.trim();
  return trimmed === '' ? {} : dtoOfJsv(trimmed, operation, jsvFailure(operation));
}

/** Reads an auto-batched JSV body, `[{...},{...}]`, each item as {@link decodeJsvRequest} reads one. */
export function decodeJsvBatch(body: string, operation: OperationSpec): RequestDto[] {
  const fail = jsvFailure(operation);
  return readJsvList(body.trim(), fail).map((item) => dtoOfJsv(item, operation, fail));
}

const jsvFailure = (operation: OperationSpec): Fail => deserializationFailure('application/jsv', operation.requestName);

function dtoOfJsv(map: string, operation: OperationSpec, fail: Fail): RequestDto {
  return pickRequestFields(readJsvMap(map, fail), operation, (value, field) => {
    const raw = value as string | undefined;
    if (raw?.startsWith('{') || raw?.startsWith('[')) fail(`'${field.name}' must be a string, not ${raw.startsWith('{') ? 'a map' : 'a list'}`);
    return raw === undefined ? undefined : unquote(raw);
  });
}
