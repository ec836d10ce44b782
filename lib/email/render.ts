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

/**
 * Fills `{{name}}` placeholders, each value passed through `encode` so an HTML template cannot forget
 * to escape; `{{{name}}}` inserts a value as it is (only the layout uses it, for the rendered body).
 * A value the template names but the caller does not supply is an error, not a hole in an email.
 */
function fill(source: string, values: Values, encode: (value: string) => string): string {
  return source.replace(/\{\{(\{)?\s*(\w+)\s*\}?\}\}/g, (_match, raw: string | undefined, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Email template value "${name}" is missing`);
    return raw ? value : encode(value);
  });
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
  const [subjectLine = '', ...textLines] = brandFile(brand, `${locale}/${message}.txt`).split('\n');
  const subject = toHeaderLine(fill(subjectLine.replace(/^Subject:\s*/, ''), all, identity));
  const text = fill(textLines.join('\n').replace(/^\n+/, ''), all, identity);
  const body = fill(brandFile(brand, `${locale}/${message}.html`), all, escapeHtml);
  const html = fill(brandFile(brand, 'layout'), { ...all, subject, body }, escapeHtml);
  return { subject, html, text };
}

/** `2026-11-28 05:31 UTC`: unambiguous in every locale, without Intl's cold-start cost. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
