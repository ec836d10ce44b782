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

/**
 * Writes a response DTO as ServiceStack's CsvFormat does (`CsvSerializer`): a DTO with no list
 * member is one record, so a header row of every member (ResponseStatus last, as declared) and one row
 * of values, each row ended by CRLF. A null member is an empty field; a `DateTime` is in the shortest
 * XSD form and ResponseStatus is its JSV (`TypeSerializer.SerializeToString`), as CsvWriter writes
 * any value that is not a string.
 */
export function encodeCsvResponse(shape: ResponseShape, members: ResponseMembers, status: ResponseStatus | undefined): string {
  const values = shape.responseFields.map(({ name, type }) => {
    const value = members[name];
    return value === undefined ? '' : type === 'DateTime' ? shortestXsdDateTime(String(value)) : String(value);
  });
  const names = [...shape.responseFields.map((f) => f.name), 'ResponseStatus'];
  values.push(status ? encodeJsvResponseStatus(status) : '');
  return `${names.map(encodeCsvField).join(',')}\r\n${values.map(encodeCsvField).join(',')}\r\n`;
}
