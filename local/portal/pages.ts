/**
 * The portal's pages: server-rendered HTML, no script at all (so the forms work without
 * JavaScript and the Content-Security-Policy can forbid every script), one stylesheet from the
 * portal itself. Every value is HTML-escaped; errors are tied to their fields with
 * `aria-describedby` and `aria-invalid`, and summarised at the top of the form.
 */
import { localeFormats } from '../../lib/email/formats';
import { escapeHtml } from '../../lib/escape-html';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordProblem } from './password';

/** A local brand's pages, as its resetUrl places them (`/<brand>/reset-password` and siblings). */
export interface PortalBrand {
  readonly name: string;
  readonly resetPath: string;
  readonly forgotPath: string;
  readonly donePath: string;
  readonly tokenTtlSeconds: number;
  /** The brand's IANA time zone, in which its emails and these pages give dates and times. */
  readonly timeZone: string;
}

/**
 * The pages are written in English: their dates and times read as the brand's English emails write
 * them (lib/email/formats.ts), in the brand's zone, so the page and the email name one moment alike.
 */
const PAGE_LOCALE = 'en';

/** Why a reset link cannot be used: the service's three token errors, or no link at all. */
export type LinkProblem = 'TokenUsed' | 'TokenExpired' | 'TokenNotFound' | 'NoLink';

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/portal.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const minutes = (seconds: number): number => Math.round(seconds / 60);

/** The list of local brands, at `/`. */
export function indexPage(brands: readonly PortalBrand[]): string {
  const items = brands.map((b) => `<li><a href="${escapeHtml(b.forgotPath)}">${escapeHtml(b.name)}: forgot your password?</a></li>`).join('\n');
  return layout('Local portal', `<h1>Local portal</h1>
<p>The reference portal <code>npm start</code> serves: each brand's "forgot password" page, and the page its reset links open.</p>
<ul>
${items}
</ul>`);
}

/**
 * Why no link was sent: the service refused for now (429: this network asked too often; nothing
 * anyone else asks refuses a request) or could not take the request (503, or unreachable);
 * `retryAfterSeconds` is its `Retry-After`, when it gave one.
 */
export interface ResetRefusal {
  readonly reason: 'TooManyRequests' | 'Unavailable';
  readonly retryAfterSeconds?: number;
}

/** "in 3 minutes", rounded up, from a wait in seconds; "in a few minutes" without one. */
function waitText(seconds: number | undefined): string {
  if (seconds === undefined) return 'in a few minutes';
  const wholeMinutes = Math.max(1, Math.ceil(seconds / 60));
  return `in ${wholeMinutes} ${wholeMinutes === 1 ? 'minute' : 'minutes'}`;
}

/**
 * "Forgot password": one address field. `sent` shows the one answer every address gets: the email
 * may wait for the mailbox's schedule (at most six minutes at the service's defaults, so "ten" holds
 * with room), and asking again only folds into it (docs/configuration.md). `refused` says truthfully
 * that nothing was sent. A 429 is no sign of an account: it counts only the caller's own network.
 */
export function forgotPage(brand: PortalBrand, state: { sent?: boolean; emailError?: string; email?: string; refused?: ResetRefusal } = {}): string {
  const sent = state.sent
    ? `<p class="notice" role="status">If ${escapeHtml(brand.name)} has an account for that address, we have sent it a link to reset the password. It can take a few minutes; asking again does not delay it, and only the newest link works. The link works for ${minutes(brand.tokenTtlSeconds)} minutes from when we send it. Nothing arrived after ten minutes? Check your spam folder.</p>`
    : '';
  const refusal = state.refused;
  const notSent = refusal
    ? `<p class="error" role="alert">${refusal.reason === 'TooManyRequests' ? 'Too many requests from your network just now, so we have not sent a link.' : 'We could not send a link just now.'} Please try again ${waitText(refusal.retryAfterSeconds)}.</p>`
    : '';
  const error = state.emailError ? `<p class="field-error" id="email-error">${escapeHtml(state.emailError)}</p>` : '';
  const invalid = state.emailError ? ' aria-invalid="true" aria-describedby="email-error"' : '';
  return layout(`Forgot your password? - ${brand.name}`, `<h1>Forgot your ${escapeHtml(brand.name)} password?</h1>
${sent}${notSent}
<p>Enter the email address of your account and we will email you a link to choose a new password.</p>
<form method="post" action="${escapeHtml(brand.forgotPath)}" novalidate>
<div class="field">
<label for="email">Email address</label>
${error}<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(state.email ?? '')}"${invalid}>
</div>
<button type="submit">Email me a link</button>
</form>`);
}

/** The new-password form, with what the link shows: brand, masked address and expiry. */
export function resetPage(brand: PortalBrand, link: { maskedEmail: string; expiresAt: string }, problems: readonly PasswordProblem[] = []): string {
  const problemOf = (field: PasswordProblem['field']) => problems.find((p) => p.field === field);
  const field = (name: PasswordProblem['field'], label: string, hint: string) => {
    const problem = problemOf(name);
    const describedBy = [`${name}-hint`, problem ? `${name}-error` : ''].filter(Boolean).join(' ');
    return `<div class="field">
<label for="${name}">${label}</label>
<p class="hint" id="${name}-hint">${hint}</p>
${problem ? `<p class="field-error" id="${name}-error">${escapeHtml(problem.message)}</p>\n` : ''}<input id="${name}" name="${name}" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" aria-describedby="${describedBy}"${problem ? ' aria-invalid="true"' : ''}>
</div>`;
  };
  const summary = problems.length
    ? `<div class="error" role="alert"><p>Please correct this:</p><ul>${problems.map((p) => `<li><a href="#${p.field}">${escapeHtml(p.message)}</a></li>`).join('')}</ul></div>\n`
    : '';
  const expiresAt = Date.parse(link.expiresAt) / 1000;
  const formats = localeFormats(PAGE_LOCALE, brand.timeZone);
  const expiresText = Number.isNaN(expiresAt) ? link.expiresAt : `${formats.date(expiresAt)} at ${formats.time(expiresAt)}`;
  return layout(`Choose a new password - ${brand.name}`, `<h1>Choose a new ${escapeHtml(brand.name)} password</h1>
<p>For the account <strong>${escapeHtml(link.maskedEmail)}</strong>. This link works until ${escapeHtml(expiresText)}.</p>
${summary}<form method="post" action="${escapeHtml(brand.resetPath)}" novalidate>
${field('password', 'New password', `At least ${MIN_PASSWORD_LENGTH} characters. Any characters, spaces too; a few words make a good password.`)}
${field('confirmation', 'Repeat the new password', 'The same password again, to be sure of it.')}
<button type="submit">Set the new password</button>
</form>`);
}

/**
 * Where a link followed from another site lands: one button that posts the token from the portal's
 * own page, which alone may set the token cookie (see server.ts). The token sits in the form, never
 * in a log; the page is not cached, framed or sent on as a Referer.
 */
export function continuePage(brand: PortalBrand, token: string): string {
  return layout(`Reset your password - ${brand.name}`, `<h1>Reset your ${escapeHtml(brand.name)} password</h1>
<p>You opened a password reset link. Continue to choose your new password.</p>
<form method="post" action="${escapeHtml(brand.resetPath)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Continue</button>
</form>`);
}

/** Where a link first lands: it moves on at once to the token-free `resetPath` (see server.ts). */
export function openingPage(resetPath: string): string {
  return layout('Opening your reset page', `<h1>Opening your reset page</h1>
<p><a href="${escapeHtml(resetPath)}">Continue</a></p>`);
}

/** After the password was set. */
export function donePage(brand: PortalBrand): string {
  return layout(`Password changed - ${brand.name}`, `<h1>Your ${escapeHtml(brand.name)} password has been changed</h1>
<p class="notice" role="status">You can now sign in with your new password. We have also emailed you that your reset link was used.</p>`);
}

const LINK_MESSAGES: Readonly<Record<LinkProblem, { title: string; text: (brand: PortalBrand) => string }>> = {
  TokenUsed: { title: 'This link has already been used', text: () => 'Each link works once, and this one has been used to set a password. If that was not you, ask for a new link and choose a new password.' },
  TokenExpired: { title: 'This link has expired', text: (b) => `Links work for ${minutes(b.tokenTtlSeconds)} minutes after we send them, and this one is older. Ask for a new link.` },
  TokenNotFound: { title: 'We do not recognise this link', text: () => 'Check that you opened the whole link from the email, or that it is from the latest email we sent: asking again replaces the earlier link. Ask for a new link.' },
  NoLink: { title: 'Open the link from your email', text: () => 'This page needs the link we emailed you, opened in this browser. Ask for a new link.' },
};

/** A link that cannot be used, with its own plain message and a way to ask for a new one. */
export function linkProblemPage(brand: PortalBrand, problem: LinkProblem): string {
  const message = LINK_MESSAGES[problem];
  return layout(`${message.title} - ${brand.name}`, `<h1>${escapeHtml(message.title)}</h1>
<p>${escapeHtml(message.text(brand))}</p>
<p><a href="${escapeHtml(brand.forgotPath)}">Ask for a new link</a></p>`);
}

/** The service could not be reached or failed: nothing was changed. */
export function unavailablePage(brand: PortalBrand): string {
  return layout(`Please try again - ${brand.name}`, `<h1>Something went wrong on our side</h1>
<p>Your password was not changed. Please try again in a few minutes.</p>
<p><a href="${escapeHtml(brand.forgotPath)}">Ask for a new link</a></p>`);
}

const PLAIN_MESSAGES: Readonly<Record<number, { title: string; text: string }>> = {
  403: { title: 'Form refused', text: "This form can only be sent from the portal's own page." },
  404: { title: 'Page not found', text: 'There is no such page here.' },
  413: { title: 'Form too large', text: 'The form sent more than its fields can hold.' },
  421: { title: 'Wrong address', text: 'This portal answers only at its own local address, such as localhost.' },
  500: { title: 'Something went wrong on our side', text: 'Nothing was changed. Please try again in a few minutes.' },
};

/** The page of a refused or failed request: 403, 404, 413, 421 (a Host not the portal's) or 500. */
export function statusPage(status: 403 | 404 | 413 | 421 | 500): string {
  const { title, text } = PLAIN_MESSAGES[status]!;
  return layout(title, `<h1>${title}</h1>\n<p>${escapeHtml(text)}</p>\n<p><a href="/">The local portal's brands</a></p>`);
}

/** The one stylesheet, served from the portal itself (`style-src 'self'`). Colours meet WCAG AA contrast. */
export const STYLESHEET = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#fff}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}
.field{margin:1rem 0}
label{display:block;font-weight:600}
.hint{margin:.25rem 0;color:#4a4a4a;font-size:.9rem}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:2px solid #4a4a4a;border-radius:4px}
input[aria-invalid=true]{border-color:#b00020}
.field-error{margin:.25rem 0;color:#b00020;font-weight:600}
.error{border-left:4px solid #b00020;padding:.25rem 1rem;background:#fdecee}
.error a{color:#8a0018}
.notice{border-left:4px solid #1e6b34;padding:.5rem 1rem;background:#e8f5ec}
button{padding:.6rem 1.2rem;font-size:1rem;background:#0b57d0;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,input:focus,a:focus{outline:3px solid #f9a825;outline-offset:2px}
a{color:#0b57d0}
`;
