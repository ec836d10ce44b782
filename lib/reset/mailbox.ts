/**
 * Domains whose local parts ignore dots and which are one mailbox space: Gmail delivers
 * `j.a.n.e@gmail.com` to `jane@gmail.com` (Google's Gmail Help, "Dots don't matter in Gmail
 * addresses"), and Google served Gmail as `googlemail.com` where it could not use `gmail.com`, both
 * names reaching the same inbox. Only these two: other providers (Outlook, Yahoo, and Google
 * Workspace domains, which cannot be told from the address) do not promise the rule.
 */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, for counting and for the one live link: the normalised address
 * with its `+tag` removed (`jane+news@example.com` -> `jane@example.com`), and for Gmail its dots too,
 * under one domain (`j.ane+x@googlemail.com` -> `jane@gmail.com`). Sub-addressing (RFC 5233) and
 * Gmail's dots let one person type many addresses that all land in one inbox; counted apart, each
 * would get its own emails and its own live link. The email itself still goes to the address typed.
 * A local part that starts with `+` keeps its tag: there is no mailbox name before it to fall back to.
 *
 * @param normalisedEmail the address as normaliseEmail (token.ts) returns it: trimmed, lower-cased
 */
export function mailboxOf(normalisedEmail: string): string {
  const at = normalisedEmail.lastIndexOf('@');
  if (at < 0) return normalisedEmail;
  let local = normalisedEmail.slice(0, at);
  let domain = normalisedEmail.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** The recipient's domain (after the last `@`), whose receiving servers judge the sender's reputation. */
export function domainOf(normalisedEmail: string): string {
  return normalisedEmail.slice(normalisedEmail.lastIndexOf('@') + 1);
}
