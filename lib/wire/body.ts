import { PayloadTooLargeError, SerializationError, UnsupportedMediaTypeError } from '../errors';

/** The encodings a body may come in: those .NET's readers detect by byte-order mark. */
type BodyEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const NAMES: Readonly<Record<BodyEncoding, string>> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };

/**
 * Charset parameters and what they decode as. `utf-16` without a byte-order mark is little-endian,
 * as .NET's `Encoding.Unicode`; US-ASCII is a subset of UTF-8.
 */
const CHARSETS: Readonly<Record<string, BodyEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** What the Content-Type's charset parameter asks for; undefined when there is none; 415 when it names another charset. */
function declaredEncoding(contentType: string | undefined): BodyEncoding | undefined {
  // Stryker disable next-line StringLiteral: any text without "charset" reads the same as none
  const parameter = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  if (!parameter) return undefined;
  const charset = parameter[1]!.toLowerCase();
  const encoding = CHARSETS[charset];
  if (!encoding) throw new UnsupportedMediaTypeError(`The charset '${charset}' is not supported; send UTF-8 or UTF-16`);
  return encoding;
}

/** The encoding a byte-order mark announces, as .NET's StreamReader and XmlReader detect it. */
function encodingOfBom(bytes: Buffer): BodyEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 decoded as UTF-8: its byte-order mark (FF FE or FE FF, both invalid UTF-8) became two
 * U+FFFD, and every ASCII character brought a NUL along.
 */
const looksLikeUtf16 = (text: string): boolean => text.startsWith('\ufffd\ufffd') && text.includes('\u0000');

const utf16Unreadable = () =>
  new UnsupportedMediaTypeError('The request body is UTF-16 but arrived already decoded as UTF-8, so it cannot be read; send UTF-8');

/**
 * The body of a request as text, decoded as .NET's readers decode it, capped at `maxBytes` bytes.
 *
 * From bytes (`isBase64Encoded`: what API Gateway passes for the binary media types the API
 * declares, `*\/*`): a byte-order mark decides (UTF-8, UTF-16LE or UTF-16BE) and is dropped, else the
 * Content-Type's charset, else UTF-8; bytes that are not valid in that encoding are a 400
 * SerializationException, a charset other than UTF-8, UTF-16 or US-ASCII a 415.
 *
 * From text (a request without Content-Type, or serverless offline, which ignores binary media types):
 * the text was decoded as UTF-8 upstream, each invalid byte replaced by U+FFFD. A U+FFFD is therefore
 * read as invalid UTF-8 (no field of any operation has a use for it), a leading U+FEFF as a UTF-8
 * byte-order mark, and a body that was UTF-16 (see {@link looksLikeUtf16}, or the charset says so) is
 * a 415 naming UTF-16: its bytes are gone.
 */
export function decodeBody(body: string | null, isBase64Encoded: boolean | undefined, contentType: string | undefined, maxBytes: number): string {
  if (!body) return '';
  const declared = declaredEncoding(contentType);
  if (!isBase64Encoded) {
    if (Buffer.byteLength(body) > maxBytes) throw new PayloadTooLargeError(maxBytes);
    if (looksLikeUtf16(body) || (declared !== undefined && declared !== 'utf-8')) throw utf16Unreadable();
    if (body.includes('\ufffd')) throw new SerializationError('The request body is not valid UTF-8');
    return body.startsWith('\ufeff') ? body.slice(1) : body;
  }
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const encoding = encodingOfBom(bytes) ?? declared ?? 'utf-8';
  try {
    // TextDecoder drops a byte-order mark of its own encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new SerializationError(`The request body is not valid ${NAMES[encoding]}`);
  }
}
