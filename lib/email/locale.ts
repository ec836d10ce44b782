import type { Brand } from '../config';

/**
 * `de-CH` matches `de-CH`, then `de`, then another `de-*`; language tags compare ignoring case. `*` and
 * an empty tag match no locale.
 */
function match(tag: string, offered: readonly string[]): string | undefined {
  const wanted = tag.trim().toLowerCase();
  const exact = offered.find((locale) => locale.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return offered.find((locale) => locale.toLowerCase() === language) ?? offered.find((locale) => locale.toLowerCase().split('-')[0] === language);
}

/** Accept-Language entries, best first (q-values honoured, order kept among equals). */
function acceptedLanguages(header: string): string[] {
  return header
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      // The tag keeps its white space: match() trims it.
      return { tag: tag!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The language of a customer's emails: the request's `Locale` field, else the best Accept-Language
 * the brand offers, else `fallback` if the brand offers it, else the brand's first (default) locale.
 */
export function chooseLocale(brand: Brand, requested: string | undefined, acceptLanguage: string | undefined, fallback?: string): string {
  const fromField = requested ? match(requested, brand.locales) : undefined;
  if (fromField) return fromField;
  for (const tag of acceptedLanguages(acceptLanguage ?? '')) {
    const found = match(tag, brand.locales);
    if (found) return found;
  }
  return (fallback && match(fallback, brand.locales)) || brand.locales[0]!;
}
