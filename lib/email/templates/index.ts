import aquaguardLayout from './aquaguard/layout.html';
import deNoAccountHtml from './default/de/no-account.html';
import deNoAccountText from './default/de/no-account.txt';
import dePasswordChangedHtml from './default/de/password-changed.html';
import dePasswordChangedText from './default/de/password-changed.txt';
import deResetPasswordHtml from './default/de/reset-password.html';
import deResetPasswordText from './default/de/reset-password.txt';
import enNoAccountHtml from './default/en/no-account.html';
import enNoAccountText from './default/en/no-account.txt';
import enPasswordChangedHtml from './default/en/password-changed.html';
import enPasswordChangedText from './default/en/password-changed.txt';
import enResetPasswordHtml from './default/en/reset-password.html';
import enResetPasswordText from './default/en/reset-password.txt';
import defaultLayout from './default/layout.html';

/**
 * Every template file, bundled as text (esbuild's text loader), so nothing is read from disk.
 * Keys are `<set>/layout` and `<set>/<locale>/<message>.<html|txt>`; a brand's set may hold only a
 * layout, its messages then come from `default`. The `.txt` part starts with a `Subject:` line.
 */
export const templateFiles: Readonly<Record<string, string>> = {
  'default/layout': defaultLayout,
  'aquaguard/layout': aquaguardLayout,
  'default/en/reset-password.html': enResetPasswordHtml,
  'default/en/reset-password.txt': enResetPasswordText,
  'default/de/reset-password.html': deResetPasswordHtml,
  'default/de/reset-password.txt': deResetPasswordText,
  'default/en/password-changed.html': enPasswordChangedHtml,
  'default/en/password-changed.txt': enPasswordChangedText,
  'default/de/password-changed.html': dePasswordChangedHtml,
  'default/de/password-changed.txt': dePasswordChangedText,
  'default/en/no-account.html': enNoAccountHtml,
  'default/en/no-account.txt': enNoAccountText,
  'default/de/no-account.html': deNoAccountHtml,
  'default/de/no-account.txt': deNoAccountText,
};
