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

export { escapeHtml };

/** A subject is one header line: control characters (CR/LF above all) become spaces. */
const toHeaderLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
const identity = (text: string): string => text;

/** A template split once into literal text and placeholders: `{ name, raw }` for `{{name}}` / `{{{name}}}`. */
type Piece = string | { readonly name: string; readonly raw: boolean };

const compiled = new Map<string, readonly Piece[]>();

/** Splits a template on its placeholders the first time it is used; later requests reuse the pieces. */
function piecesOf(source: string): readonly Piece[] {
  let pieces = compiled.get(source);
  if (!pieces) {
    pieces = source.split(/(\{\{\{?\s*\w+\s*\}?\}\})/).map((part, i) => {
      if (i % 2 === 0) return part;
      return { name: /\w+/.exec(part)![0], raw: part.startsWith('{{{') };
    });
    compiled.set(source, pieces);
  }
  return pieces;
}

/**
 * Fills `{{name}}` placeholders, each value passed through `encode` so an HTML template cannot forget
 * to escape; `{{{name}}}` inserts a value as it is (only the layout uses it, for the rendered body).
 * A value the template names but the caller does not supply is an error, not a hole in an email.
 */
function fill(source: string, values: Values, encode: (value: string) => string): string {
  let out = '';
  for (const piece of piecesOf(source)) {
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

/** A text part's first line, `Subject: ...`, and the body after the blank line that follows it. */
const textParts = new Map<string, { readonly subject: string; readonly body: string }>();

function splitTextPart(source: string): { readonly subject: string; readonly body: string } {
  let parts = textParts.get(source);
  if (!parts) {
    const [subjectLine = '', ...lines] = source.split('\n');
    parts = { subject: subjectLine.replace(/^Subject:\s*/, ''), body: lines.join('\n').replace(/^\n+/, '') };
    textParts.set(source, parts);
  }
  return parts;
}

function templateFile(key: string): string {
  const source = templateFiles[key];
  if (source === undefined) throw new Error(`Email template ${key} does not exist`);
  return source;
}

/** The brand's own file if its set has one, else the default set's. */
const brandFile = (brand: Brand, path: string): string => templateFiles[`${brand.templates}/${path}`] ?? templateFile(`default/${path}`);

/**
 * Renders one of the brand's messages in a locale the brand offers: the subject from the text
 * part's first line, the text part as written, and the HTML fragment inside the brand's layout.
 */
export function renderEmail(brand: Brand, locale: string, message: MessageName, values: Values): RenderedEmail {
  const all: Values = { ...values, brandName: brand.name, locale };
  const textPart = splitTextPart(brandFile(brand, `${locale}/${message}.txt`));
  const subject = toHeaderLine(fill(textPart.subject, all, identity));
  const text = fill(textPart.body, all, identity);
  const body = fill(brandFile(brand, `${locale}/${message}.html`), all, escapeHtml);
  const html = fill(brandFile(brand, 'layout'), { ...all, subject, body }, escapeHtml);
  return { subject, html, text };
}

/** `2026-11-28 05:31 UTC`: unambiguous in every locale, without Intl's cold-start cost. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
