import type { Brand } from '../config';
import { escapeHtml } from '../escape-html';
import { templateFiles } from './templates';

export type MessageName = 'reset-password' | 'password-changed' | 'no-account';
type Values = Readonly<Record<string, string>>;

export interface RenderedEmail {
  readonly subject: string;
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

/**
 * Fills the placeholders `values` has, each value passed through `encode` unless the placeholder is
 * raw (`{{{body}}}`: only the layout has one, for the already rendered body); the others stay.
 */
function fillSome(pieces: readonly Piece[], values: Values, encode: Encode): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const value = typeof piece === 'string' ? piece : values[piece.name] === undefined ? piece : piece.raw ? values[piece.name]! : encode(values[piece.name]!);
    const last = out[out.length - 1];
    if (typeof value === 'string' && typeof last === 'string') out[out.length - 1] = last + value;
    else out.push(value);
  }
  return out;
}

/**
 * Fills every placeholder, so an HTML template cannot forget to escape; a value the template names
 * but the caller does not supply is an error, not a hole in a customer's email.
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
    out += piece.raw ? value : encode(value);
  }
  return out;
}

function templateFile(key: string): string {
  const source = templateFiles[key];
  if (source === undefined) throw new Error(`Email template ${key} does not exist`);
  return source;
}

/** The brand's own file if its set has one, else the default set's. */
const brandFile = (brand: Brand, path: string): string => templateFiles[`${brand.templates}/${path}`] ?? templateFile(`default/${path}`);

/** One message of one brand in one locale, with everything that does not change per request filled in. */
interface PreparedMessage {
  readonly subject: readonly Piece[];
  readonly text: readonly Piece[];
  readonly html: readonly Piece[];
}

/** By brand (a frozen object loaded once), then `<locale>/<message>`: built on first use, then reused. */
const prepared = new WeakMap<Brand, Map<string, PreparedMessage>>();

/**
 * Splits the brand's text part (first line `Subject: ...`), its HTML fragment and its layout, and
 * fills what the brand and locale fix: the brand name, the language, the body inside the layout, and
 * the subject too when it needs no per-request value.
 */
function prepare(brand: Brand, locale: string, message: MessageName): PreparedMessage {
  const fixed: Values = { brandName: brand.name, locale };
  const [subjectLine = '', ...lines] = brandFile(brand, `${locale}/${message}.txt`).split('\n');
  const subject = fillSome(piecesOf(subjectLine.replace(/^Subject:\s*/, '')), fixed, identity);
  const text = fillSome(piecesOf(lines.join('\n').replace(/^\n+/, '')), fixed, identity);
  const body = fillSome(piecesOf(brandFile(brand, `${locale}/${message}.html`)), fixed, escapeHtml);
  const layout = fillSome(piecesOf(brandFile(brand, 'layout')), fixed, escapeHtml).flatMap((piece) =>
    typeof piece !== 'string' && piece.name === 'body' && piece.raw ? body : [piece],
  );
  const fixedSubject: Values = subject.every((piece) => typeof piece === 'string') ? { subject: toHeaderLine(subject.join('')) } : {};
  return { subject, text, html: fillSome(layout, fixedSubject, escapeHtml) };
}

function preparedMessage(brand: Brand, locale: string, message: MessageName): PreparedMessage {
  let byMessage = prepared.get(brand);
  if (!byMessage) prepared.set(brand, (byMessage = new Map()));
  const key = `${locale}/${message}`;
  let ready = byMessage.get(key);
  if (!ready) byMessage.set(key, (ready = prepare(brand, locale, message)));
  return ready;
}

/**
 * Renders one of the brand's messages in a locale the brand offers: the subject from the text
 * part's first line, the text part as written, and the HTML fragment inside the brand's layout.
 */
export function renderEmail(brand: Brand, locale: string, message: MessageName, values: Values): RenderedEmail {
  const ready = preparedMessage(brand, locale, message);
  const subject = toHeaderLine(fillAll(ready.subject, values, identity));
  return { subject, text: fillAll(ready.text, values, identity), html: fillAll(ready.html, { ...values, subject }, escapeHtml) };
}

/** `2026-11-28 05:31 UTC`: unambiguous in every locale, without Intl's cold-start cost. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
