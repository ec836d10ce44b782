import { encodeJsvResponseStatus, shortestXsdDateTime } from './jsv';
import type { ResponseMembers, ResponseShape } from './operations';
import type { ResponseStatus } from './response-status';

/**
 * A field as ServiceStack.Text's `ToCsvField` writes it: in double quotes, each `"` doubled, when it
 * holds `"`, `,`, CR or LF or starts with `[` or `{` (`CsvWriter.HasAnyEscapeChars`), else as it is.
 */
export function encodeCsvField(value: string): string {
  return /[",\r\n]|^[[{]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV row: the fields, each as {@link encodeCsvField} writes it, ended by CRLF. */
const row = (fields: readonly string[]): string => `${fields.map(encodeCsvField).join(',')}\r\n`;

/** A response DTO's values in member order, ResponseStatus last. */
function valuesOf(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string[] {
  const values = shape.responseFields.map(({ name, type }) => {
    const value = members[name];
    return value === undefined ? '' : type === 'DateTime' ? shortestXsdDateTime(String(value)) : String(value);
  });
  values.push(status ? encodeJsvResponseStatus(status) : '');
  return values;
}

const headerOf = (shape: ResponseShape): string => row([...shape.responseFields.map((f) => f.name), 'ResponseStatus']);

/**
 * Writes a response DTO as ServiceStack's CsvFormat does (`CsvSerializer`): a DTO with no list
 * member is one record, so a header row of every member (ResponseStatus last, as declared) and one row
 * of values, each row ended by CRLF. A null member is an empty field; a `DateTime` is in the shortest
 * XSD form and ResponseStatus is its JSV (`TypeSerializer.SerializeToString`), as CsvWriter writes
 * any value that is not a string.
 */
export function encodeCsvResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  return headerOf(shape) + row(valuesOf(shape, members, status));
}

/**
 * Writes an auto-batched call's answers as CsvSerializer writes a `List<{Response}>`: the header row
 * once, then a row per answer (each a success, so its ResponseStatus field is empty).
 */
export function encodeCsvList(shape: ResponseShape, answers: readonly ResponseMembers[]): string {
  return headerOf(shape) + answers.map((members) => row(valuesOf(shape, members, undefined))).join('');
}
