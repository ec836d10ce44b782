import type { Brand } from '../config';
import { escapeHtml } from '../escape-html';
import type { EmailMessage } from '../ports';
import { localeFormats } from './formats';
import { templateFile, templateLocaleOf, type MessageName } from './templates';

export type { MessageName } from './templates';

/**
 * What an email says, as raw facts (instants in epoch seconds, lengths in seconds); the words, the
 * date and time formats and the time zone are the brand's and the locale's.
 */
export type EmailContent =
  | { readonly kind: 'reset-password'; readonly link: string; readonly expiresAt: number; readonly lifetimeSeconds: number }
  | { readonly kind: 'password-changed'; readonly usedAt: number }
  | { readonly kind: 'no-account' };

type Values = Readonly<Record<string, string>>;

export interface RenderedEmail {
  readonly subject: string;
  /** The inbox preview: the hidden first line of the HTML part. */
  readonly preheader: string;
  readonly html: string;
  readonly text: string;
}

/** A subject is one header line: control characters (CR/LF above all) become spaces. */
const toHeaderLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
const identity = (text: string): string => text;

/** A template split into literal text and placeholders: `{ name, raw }` for `{{name}}` / `{{{name}}}`. */
type Piece = string | { readonly name: string; readonly raw: boolean };
type Encode = (value: string) => string;

/** Splits a template on its placeholders. */
function piecesOf(source: string): Piece[] {
  return source.split(/(\{\{\{?\s*\w+\s*\}?\}\})/).map((part, i) => (i % 2 === 0 ? part : { name: /\w+/.exec(part)![0], raw: part.startsWith('{{{') }));
}

/** Appends pieces, joining neighbouring literals. */
function pushPieces(out: Piece[], pieces: readonly Piece[]): void {
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (typeof piece === 'string' && typeof last === 'string') out[out.length - 1] = last + piece;
    else out.push(piece);
  }
}

/**
 * Fills the placeholders `values` has, each value passed through `encode`, and puts the pieces of
 * `inlined` in place of the raw placeholders of those names (`{{{body}}}`: already prepared parts);
 * the other placeholders stay for the request.
 */
function fillSome(pieces: readonly Piece[], values: Values, encode: Encode, inlined: Readonly<Record<string, readonly Piece[]>> = {}): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') pushPieces(out, [piece]);
    else if (piece.raw && inlined[piece.name]) pushPieces(out, inlined[piece.name]!);
    else if (piece.raw) throw new Error(`Email template part {{{${piece.name}}}} does not exist`);
    else pushPieces(out, [values[piece.name] === undefined ? piece : encode(values[piece.name]!)]);
  }
  return out;
}

/**
 * Fills every placeholder, so an HTML template cannot forget to escape; a value the template names
 * but the caller does not supply is an error, not a hole in a customer's email. (No raw placeholder
 * is left by now: {@link fillSome} inlines or refuses them.)
 */
function fillAll(pieces: readonly Piece[], values: Values, encode: Encode): string {
  let out = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const value = values[piece.name];
    if (value === undefined) throw new Error(`Email template value "${piece.name}" is missing`);
    out += encode(value);
  }
  return out;
}

function requireFile(set: string, path: string): string {
  const source = templateFile(set, path);
  if (source === undefined) throw new Error(`Email template ${set}/${path} does not exist`);
  return source;
}

/**
 * A `.txt` message: header lines (`Subject:`, `Preheader:`, `Reason:` why the customer got it, and
 * `Action:` the button's label where there is one), a blank line, then the text part.
 */
function splitMessage(source: string, path: string): { headers: Map<string, string>; body: string } {
  const blank = source.indexOf('\n\n');
  const headers = new Map<string, string>();
  for (const line of source.slice(0, blank).split('\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  for (const name of ['subject', 'preheader', 'reason']) if (!headers.get(name)) throw new Error(`Email template ${path} has no ${name} line`);
  return { headers, body: source.slice(blank).replace(/^\n+/, '') };
}

/** One message of one brand in one locale, with everything that does not change per request filled in. */
interface PreparedMessage {
  readonly subject: readonly Piece[];
  readonly preheader: readonly Piece[];
  readonly text: readonly Piece[];
  readonly html: readonly Piece[];
}

/** By brand (a frozen object loaded once), then `<locale>/<message>`: built on first use, then reused. */
const prepared = new WeakMap<Brand, Map<string, PreparedMessage>>();

/**
 * Reads the message, the locale's footer and the brand's layout and button, and fills what the brand
 * and locale fix: names, addresses, the language, the reason and the button's label; the body, the
 * footer and the button go into the layout, the footer under the text part.
 */
function prepare(brand: Brand, locale: string, message: MessageName): PreparedMessage {
  const set = brand.templates;
  const folder = templateLocaleOf(set, locale);
  if (folder === undefined) throw new Error(`Email templates of ${set} have no locale ${locale}`);
  const path = `${folder}/${message}`;
  const { headers, body } = splitMessage(requireFile(set, `${path}.txt`), path);
  const brandValues: Values = { brandName: brand.name, locale, supportAddress: brand.supportAddress, portalUrl: new URL(brand.resetUrl).origin };
  const fixed: Values = { ...brandValues, reason: fillAll(piecesOf(headers.get('reason')!), brandValues, identity) };
  const fillText = (source: string) => fillSome(piecesOf(source), fixed, identity);
  const fillHtml = (source: string, inlined?: Readonly<Record<string, readonly Piece[]>>) => fillSome(piecesOf(source), fixed, escapeHtml, inlined);

  const button = fillSome(piecesOf(requireFile(set, 'button.html')), { ...fixed, label: headers.get('action') ?? '' }, escapeHtml);
  const html = fillHtml(requireFile(set, 'layout.html'), {
    body: fillHtml(requireFile(set, `${path}.html`), { button }),
    footer: fillHtml(requireFile(set, `${folder}/footer.html`)),
  });
  return {
    subject: fillText(headers.get('subject')!),
    preheader: fillText(headers.get('preheader')!),
    text: fillText(`${body.trimEnd()}\n\n${requireFile(set, `${folder}/footer.txt`).trimEnd()}\n`),
    html,
  };
}

function preparedMessage(brand: Brand, locale: string, message: MessageName): PreparedMessage {
  let byMessage = prepared.get(brand);
  if (!byMessage) prepared.set(brand, (byMessage = new Map()));
  const key = `${locale}/${message}`;
  let ready = byMessage.get(key);
  if (!ready) byMessage.set(key, (ready = prepare(brand, locale, message)));
  return ready;
}

/** The request's values of a message, formatted for the locale in the brand's time zone. */
function valuesOf(brand: Brand, locale: string, content: EmailContent): Values {
  if (content.kind === 'no-account') return {};
  const formats = localeFormats(locale, brand.timeZone);
  if (content.kind === 'password-changed') return { usedDate: formats.date(content.usedAt), usedTime: formats.time(content.usedAt) };
  return {
    link: content.link,
    lifetime: formats.duration(content.lifetimeSeconds),
    expiryDate: formats.date(content.expiresAt),
    expiryTime: formats.time(content.expiresAt),
  };
}

/**
 * Renders one of the brand's messages in one of its locales (a region without templates of its own
 * uses its language's): the subject and preheader from the text part's header lines, the text part
 * with the footer under it, and the HTML fragment inside the brand's layout. Every value placed in
 * HTML is escaped.
 */
export function renderEmail(brand: Brand, locale: string, content: EmailContent): RenderedEmail {
  const ready = preparedMessage(brand, locale, content.kind);
  const values = valuesOf(brand, locale, content);
  const subject = toHeaderLine(fillAll(ready.subject, values, identity));
  const preheader = fillAll(ready.preheader, values, identity);
  return { subject, preheader, text: fillAll(ready.text, values, identity), html: fillAll(ready.html, { ...values, subject, preheader }, escapeHtml) };
}

/** SES tag values allow letters, digits, `_` and `-`; a brand name may also hold spaces and dots. */
const tagValue = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The whole email to one customer: rendered as {@link renderEmail}, from the brand's sender, with
 * replies going to the brand's support address, and tagged with the brand and the kind of email, so
 * SES's sending events (and the bounce and complaint rates) can be told apart per brand and kind.
 */
export function composeEmail(brand: Brand, locale: string, to: string, content: EmailContent): EmailMessage {
  const { subject, html, text } = renderEmail(brand, locale, content);
  return {
    from: { name: brand.senderName, address: brand.senderAddress },
    replyTo: brand.supportAddress,
    to,
    subject,
    html,
    text,
    tags: { brand: tagValue(brand.name), emailKind: content.kind },
  };
}
