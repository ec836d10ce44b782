import { deserializationFailure, UnsupportedMediaTypeError } from '../errors';
import { pickRequestFields, type OperationSpec, type RequestDto } from './operations';

/**
 * `multipart/form-data` (RFC 7578) read as ServiceStack reads it: like a form post, each part a field
 * named by its Content-Disposition (`FormData` over ASP.NET's request form). Written here rather than
 * taken from a parser library: busboy and @fastify/busboy add 23 to 27 KB to every function's bundle
 * (measured with the functions' esbuild settings), several times this reader, for bodies that are
 * capped at 16 KB and hold a few short strings (docs/performance.md).
 *
 * Stricter than a browser needs: files, nested multiparts, parts in other media types or transfer
 * encodings are refused (415), and anything malformed is a 400 SerializationException that names
 * what was wrong, never the body's text. Linear in the body's length.
 */

/** RFC 2046's `boundary`: 1 to 70 of its characters, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** `name=value` parameters of a header, values quoted or not (quoted-pairs unescaped). */
function parametersOf(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [, name, quoted, bare] of header.matchAll(/;\s*([\w!#$&+.^`|~*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
    parameters.set(name!.toLowerCase(), quoted === undefined ? bare! : quoted.replace(/\\(.)/g, '$1'));
  }
  return parameters;
}

const mediaTypeOf = (header: string): string => header.split(';')[0]!.trim().toLowerCase();

/**
 * One part's field name and value, from its headers (lower-cased names) and body. Only
 * `Content-Disposition: form-data; name=...` parts in text/plain (UTF-8 or US-ASCII) and 7bit, 8bit
 * or binary transfer encoding are fields.
 */
function fieldOf(headers: Map<string, string>, value: string, index: number, fail: (why: string) => never): [string, string] {
  const disposition = headers.get('content-disposition');
  if (disposition === undefined || mediaTypeOf(disposition) !== 'form-data') fail(`part ${index} has no Content-Disposition: form-data`);
  const parameters = parametersOf(disposition);
  const name = parameters.get('name');
  if (name === undefined) fail(`part ${index} has no name`);
  if (parameters.has('filename') || parameters.has('filename*')) throw new UnsupportedMediaTypeError(`Files are not accepted: part ${index} ('${name}') is a file`);
  const type = headers.get('content-type');
  if (type !== undefined) {
    if (mediaTypeOf(type).startsWith('multipart/')) throw new UnsupportedMediaTypeError(`Nested multipart bodies are not accepted (part ${index})`);
    const charset = parametersOf(type).get('charset')?.toLowerCase();
    if (mediaTypeOf(type) !== 'text/plain' || (charset !== undefined && charset !== 'utf-8' && charset !== 'us-ascii')) {
      throw new UnsupportedMediaTypeError(`Part ${index} ('${name}') must be text/plain in UTF-8`);
    }
  }
  const encoding = headers.get('content-transfer-encoding')?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '7bit' && encoding !== '8bit' && encoding !== 'binary') {
    throw new UnsupportedMediaTypeError(`Part ${index} ('${name}') must not be transfer-encoded`);
  }
  return [name, value];
}

/**
 * Reads a `multipart/form-data` body into the operation's DTO, as a form post is read (names
 * ignoring case, the last of a name given twice, unknown names ignored). `contentType` is the whole
 * Content-Type header, whose `boundary` parameter splits the body; line breaks may be CRLF or LF.
 */
export function decodeMultipartRequest(body: string, contentType: string, operation: OperationSpec): RequestDto {
  const fail = deserializationFailure('multipart/form-data', operation.requestName);
  const boundary = parametersOf(contentType).get('boundary');
  if (boundary === undefined || !BOUNDARY.test(boundary)) return fail('the Content-Type needs a boundary of 1 to 70 allowed characters');
  const delimiter = `--${boundary}`;
  // The preamble before the first delimiter is ignored (RFC 2046).
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`) + 1;
  if (at === 0 && !body.startsWith(delimiter)) return fail('the body holds no boundary delimiter');
  const fields: [string, string][] = [];
  for (let index = 1; ; index++) {
    at += delimiter.length;
    if (body.startsWith('--', at)) return pickRequestFields(fields, operation, (value) => value as string | undefined);
    const lineEnd = body.indexOf('\n', at);
    // Only transport padding (spaces) may follow a delimiter on its line.
    if (lineEnd < 0 || body.slice(at, lineEnd).trim() !== '') return fail(`the delimiter before part ${index} is not followed by a line break`);
    const headers = new Map<string, string>();
    let start = lineEnd + 1;
    for (;;) {
      const end = body.indexOf('\n', start);
      if (end < 0) return fail(`part ${index} has no blank line after its headers`);
      const line = body.slice(start, end).replace(/\r$/, '');
      start = end + 1;
      if (line === '') break;
      const colon = line.indexOf(':');
      if (colon < 1) return fail(`part ${index} has a header line without a name`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    // From the blank line's own line break on: an empty value is followed by the delimiter at once.
    const next = body.indexOf(`\n${delimiter}`, start - 1);
    if (next < 0) return fail('the body ends before its closing boundary');
    // The line break before a delimiter belongs to the delimiter.
    const valueEnd = body[next - 1] === '\r' ? next - 1 : next;
    fields.push(fieldOf(headers, body.slice(start, Math.max(start, valueEnd)), index, fail));
    at = next + 1;
  }
}
