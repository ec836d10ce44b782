/**
 * The mailbox an address delivers to, for counting and for the one live link: the normalised address
 * with its `+tag` removed (`jane+news@example.com` -> `jane@example.com`). Sub-addressing (RFC 5233)
 * lets one person type many addresses that all land in one inbox; counted apart, each would get its
 * own emails and its own live link. The email itself still goes to the address typed. A local part
 * that starts with `+` is kept whole: there is no mailbox name before the tag to fall back to.
 *
 * @param normalisedEmail the address as normaliseEmail (token.ts) returns it: trimmed, lower-cased
 */
export function mailboxOf(normalisedEmail: string): string {
  const at = normalisedEmail.lastIndexOf('@');
  const plus = normalisedEmail.indexOf('+');
  if (at < 0 || plus < 1 || plus > at) return normalisedEmail;
  return `${normalisedEmail.slice(0, plus)}${normalisedEmail.slice(at)}`;
}

/** The recipient's domain (after the last `@`), whose receiving servers judge the sender's reputation. */
export function domainOf(normalisedEmail: string): string {
  return normalisedEmail.slice(normalisedEmail.lastIndexOf('@') + 1);
}
