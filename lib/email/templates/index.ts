import aquaguardButtonHtml from './aquaguard/button.html';
import aquaguardLayoutHtml from './aquaguard/layout.html';
import defaultDeFooterHtml from './default/de/footer.html';
import defaultDeFooterTxt from './default/de/footer.txt';
import defaultDeNoAccountHtml from './default/de/no-account.html';
import defaultDeNoAccountTxt from './default/de/no-account.txt';
import defaultDePasswordChangedHtml from './default/de/password-changed.html';
import defaultDePasswordChangedTxt from './default/de/password-changed.txt';
import defaultDeResetPasswordHtml from './default/de/reset-password.html';
import defaultDeResetPasswordTxt from './default/de/reset-password.txt';
import defaultEnFooterHtml from './default/en/footer.html';
import defaultEnFooterTxt from './default/en/footer.txt';
import defaultEnNoAccountHtml from './default/en/no-account.html';
import defaultEnNoAccountTxt from './default/en/no-account.txt';
import defaultEnPasswordChangedHtml from './default/en/password-changed.html';
import defaultEnPasswordChangedTxt from './default/en/password-changed.txt';
import defaultEnResetPasswordHtml from './default/en/reset-password.html';
import defaultEnResetPasswordTxt from './default/en/reset-password.txt';
import pumpalarmButtonHtml from './pumpalarm/button.html';
import pumpalarmLayoutHtml from './pumpalarm/layout.html';
import { ConfigError, type Brand } from '../../config';

/**
 * Every template file, bundled as text (esbuild's text loader), so nothing is read from disk. Keys
 * are paths under this folder. A brand's set (`<set>/layout.html`, `<set>/button.html`) holds its
 * whole look; the words are `<set or default>/<locale>/<message>.<html|txt>`, and a set may
 * override any of them. Each `.txt` message starts with its header lines (`Subject:`, ...).
 */
export const templateFiles: Readonly<Record<string, string>> = {
  'aquaguard/button.html': aquaguardButtonHtml,
  'aquaguard/layout.html': aquaguardLayoutHtml,
  'default/de/footer.html': defaultDeFooterHtml,
  'default/de/footer.txt': defaultDeFooterTxt,
  'default/de/no-account.html': defaultDeNoAccountHtml,
  'default/de/no-account.txt': defaultDeNoAccountTxt,
  'default/de/password-changed.html': defaultDePasswordChangedHtml,
  'default/de/password-changed.txt': defaultDePasswordChangedTxt,
  'default/de/reset-password.html': defaultDeResetPasswordHtml,
  'default/de/reset-password.txt': defaultDeResetPasswordTxt,
  'default/en/footer.html': defaultEnFooterHtml,
  'default/en/footer.txt': defaultEnFooterTxt,
  'default/en/no-account.html': defaultEnNoAccountHtml,
  'default/en/no-account.txt': defaultEnNoAccountTxt,
  'default/en/password-changed.html': defaultEnPasswordChangedHtml,
  'default/en/password-changed.txt': defaultEnPasswordChangedTxt,
  'default/en/reset-password.html': defaultEnResetPasswordHtml,
  'default/en/reset-password.txt': defaultEnResetPasswordTxt,
  'pumpalarm/button.html': pumpalarmButtonHtml,
  'pumpalarm/layout.html': pumpalarmLayoutHtml,
};

/** The emails the service sends. */
export const messageNames = ['reset-password', 'password-changed', 'no-account'] as const;
export type MessageName = (typeof messageNames)[number];

/** What a locale folder must hold: each message in both parts, and the footer they share. */
const localeFiles = [...messageNames, 'footer'].flatMap((name) => [`${name}.txt`, `${name}.html`]);

/** The set's own file, else the default set's; `undefined` when neither has it. */
export const templateFile = (set: string, path: string): string | undefined => templateFiles[`${set}/${path}`] ?? templateFiles[`default/${path}`];

/**
 * The locale folder that serves a brand locale: its own (`de-CH`) if it has every file, else its
 * language's (`de`); `undefined` when neither does. Config checks this for every brand locale at
 * cold start, so a render never finds a file missing.
 */
export function templateLocaleOf(set: string, locale: string): string | undefined {
  const language = locale.split('-')[0]!;
  return [locale, language].find((folder) => localeFiles.every((file) => templateFile(set, `${folder}/${file}`) !== undefined));
}

/** Whether a set holds the whole look of a brand: its own layout and button, never another brand's. */
export const hasOwnLook = (set: string): boolean => templateFiles[`${set}/layout.html`] !== undefined && templateFiles[`${set}/button.html`] !== undefined;

/**
 * Checks that every brand's template set holds its own look and that each of its locales has a
 * folder serving it ({@link templateLocaleOf}); throws {@link ConfigError} naming the first brand that
 * fails. Run at the cold start of the function that renders emails, so a render never finds a file
 * missing; the other functions bundle no templates and never check.
 */
export function checkBrandTemplates(brands: readonly Brand[]): void {
  for (const brand of brands) {
    const where = `brand "${brand.name}"`;
    if (!hasOwnLook(brand.templates)) throw new ConfigError(`${where}: templates must name a template set with its own layout.html and button.html`);
    const untemplated = brand.locales.find((locale) => templateLocaleOf(brand.templates, locale) === undefined);
    if (untemplated) throw new ConfigError(`${where}: locale "${untemplated}" has no email templates (neither ${untemplated} nor its language)`);
  }
}
