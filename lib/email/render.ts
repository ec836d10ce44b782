import resetPasswordHtml from './templates/reset-password.html';
import resetPasswordSubject from './templates/reset-password.subject.txt';
import resetPasswordText from './templates/reset-password.txt';

type Values = Readonly<Record<string, string>>;
type Template = (values: Values) => string;

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A subject is one header line: control characters (CR/LF above all) become spaces. */
const toHeaderLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * Compiles `{{name}}` placeholders once, at module load. Every value passes through `encode`, so an
 * HTML template cannot forget to escape; a value the template names but the caller does not supply
 * is an error rather than an empty hole in a customer's email.
 */
function compile(source: string, encode: (value: string) => string): Template {
  const pieces = source.split(/\{\{\s*(\w+)\s*\}\}/);
  return (values) =>
    pieces
      .map((piece, i) => {
        if (i % 2 === 0) return piece;
        const value = values[piece];
        if (value === undefined) throw new Error(`Email template value "${piece}" is missing`);
        return encode(value);
      })
      .join('');
}

const identity = (text: string): string => text;

const resetPassword = {
  subject: compile(resetPasswordSubject.trim(), toHeaderLine),
  html: compile(resetPasswordHtml, escapeHtml),
  text: compile(resetPasswordText, identity),
};

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface ResetEmailValues {
  readonly brandName: string;
  readonly link: string;
  readonly expiresAt: Date;
  readonly lifetimeSeconds: number;
}

/** `2026-11-28 05:31 UTC`: unambiguous in every locale, without Intl's cold-start cost. */
const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The reset email, in HTML and plain text, with the link and when it stops working. */
export function renderResetEmail(values: ResetEmailValues): RenderedEmail {
  const strings: Values = {
    brandName: values.brandName,
    link: values.link,
    expiresInMinutes: String(Math.round(values.lifetimeSeconds / 60)),
    expiresAt: formatUtc(values.expiresAt),
  };
  return { subject: resetPassword.subject(strings), html: resetPassword.html(strings), text: resetPassword.text(strings) };
}
