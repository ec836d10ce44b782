import { domainToUnicode } from 'node:url';
import { normaliseEmail } from './token';

/** RFC 5321's limit on a forward path (256 octets with the angle brackets): longer cannot be delivered. */
const MAX_EMAIL_LENGTH = 254;
/** RFC 5321 section 4.5.3.1.1. */
const MAX_LOCAL_PART_LENGTH = 64;
/** RFC 1035 section 2.3.4: 63 octets a label, 253 a name written with dots. */
const MAX_LABEL_LENGTH = 63;
const MAX_DOMAIN_LENGTH = 253;

/** Why an address was refused: FluentValidation's error code, and the reason in words. */
export interface AddressRefusal {
  readonly errorCode: 'NotEmpty' | 'Length' | 'Email';
  readonly message: string;
}

const invalid = (why: string): AddressRefusal => ({ errorCode: 'Email', message: `'Email' is not a valid email address: ${why}.` });
const tooLong = (length: number, asSent = ''): AddressRefusal => ({
  errorCode: 'Length',
  message: `'Email' must be between 1 and ${MAX_EMAIL_LENGTH} characters. You entered ${length} characters${asSent}.`,
});

/** The refusals, each with the message the caller reads (docs/api.md lists an example of each). */
const REFUSALS = {
  empty: { errorCode: 'NotEmpty', message: "'Email' must not be empty." },
  control: invalid('it contains a control character (such as a line break or a tab)'),
  several: invalid('it holds more than one address; give one'),
  decorated: invalid('give the address alone, without a name, angle brackets or comments'),
  noAt: invalid("it has no '@'"),
  noLocalPart: invalid("there is nothing before the '@'"),
  noDomain: invalid("there is no domain after the '@'"),
  quoted: invalid('a quoted local part ("...") cannot be accepted; use the address without quotes'),
  nonAsciiLocalPart: invalid("the part before the '@' must be ASCII: email can carry international characters only in the domain"),
  longLocalPart: invalid(`the part before the '@' is longer than ${MAX_LOCAL_PART_LENGTH} characters`),
  localPart: invalid("the part before the '@' may hold letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, with single dots between them"),
  addressLiteral: invalid('the domain must be a name, not an IP address'),
  domain: invalid('the domain must be labels of letters, digits and hyphens (not first or last in a label) separated by single dots, like example.com'),
  singleLabel: invalid('the domain must have at least two labels, like example.com'),
} as const satisfies Record<string, AddressRefusal>;

/** C0 and C1 controls and DEL: CR and LF would split a mail header. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const NON_ASCII = /[^\x00-\x7f]/;
/** RFC 5321's `sub-domain`: a letter or digit first and last, hyphens between. */
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** ASCII other than letters, digits, hyphens and dots: refused before IDNA, whose host parser would percent-decode `%41` into `a`. */
const ASCII_NOT_LDH = /[^A-Za-z0-9.\-\u0080-\u{10ffff}]/u;

/**
 * A punycode label (`xn--`, RFC 3492) that does not decode, such as `xn--zz`: not a name DNS can
 * hold. Node 22's IDNA refuses the whole domain; Node 24's passes such a label on as typed, and its
 * `domainToUnicode` leaves it as it is.
 */
function isUndecodablePunycode(label: string): boolean {
  if (!label.startsWith('xn--')) return false;
  const decoded = domainToUnicode(label);
  return decoded === '' || decoded.startsWith('xn--');
}

/** The checks RFC 5321 and DNS put on a domain in its ASCII form (after IDNA). */
function domainRefusal(asciiDomain: string): AddressRefusal | undefined {
  const labels = asciiDomain.split('.');
  if (asciiDomain.length > MAX_DOMAIN_LENGTH || labels.some((label) => label.length > MAX_LABEL_LENGTH || !LDH_LABEL.test(label) || isUndecodablePunycode(label))) return REFUSALS.domain;
  if (labels.length < 2) return REFUSALS.singleLabel;
  // No top-level domain is all digits, and WHATWG's host parser would read `x.42` as an IPv4 address.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return REFUSALS.domain;
  return undefined;
}

/**
 * RFC 5321's `Dot-string` (section 4.1.2): `Atom *("." Atom)`, an atom being one or more of RFC
 * 5322's `atext` (section 3.2.3). The only local part accepted: the quoted form (`Quoted-string`) is
 * refused (docs/api.md says why), and SES has no SMTPUTF8 for non-ASCII ones.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_STRING = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);

/**
 * Checks one address as a customer typed it and returns the form it is keyed under, stored and sent
 * to, or why it was refused. Accepted: every RFC 5321 mailbox SES can deliver to, written as a
 * dot-atom (all of RFC 5322's `atext` in the local part) at a domain name, the domain in Unicode or
 * punycode; a Unicode domain is converted with UTS-46 (see {@link normaliseEmail}). Refused: what SES
 * cannot deliver or would misread: control characters, several addresses, display names, quoted
 * local parts, a non-ASCII local part (SES has no SMTPUTF8), IP address literals, domains that are
 * not DNS names, and over-long parts. The grammar is RFC 5321's mailbox (`Dot-string "@" Domain`),
 * a regular language: the tests check it against email-addresses' RFC 5322 parser, which the
 * service no longer bundles (docs/develop.md says why).
 */
export function checkEmailAddress(input: string | undefined): { address: string } | { refusal: AddressRefusal } {
  const address = (input ?? '').trim();
  if (address === '') return { refusal: REFUSALS.empty };
  if (address.length > MAX_EMAIL_LENGTH) return { refusal: tooLong(address.length) };
  if (CONTROL.test(address)) return { refusal: REFUSALS.control };

  const refusal = shapeRefusal(address);
  if (refusal) return { refusal };

  const normalised = normaliseEmail(address);
  const asciiDomain = normalised.slice(normalised.lastIndexOf('@') + 1);
  const domainProblem = asciiDomain === '' ? REFUSALS.domain : domainRefusal(asciiDomain);
  if (domainProblem) return { refusal: domainProblem };
  if (normalised.length > MAX_EMAIL_LENGTH) return { refusal: tooLong(address.length, `, and ${normalised.length} with the domain in punycode`) };
  return { address: normalised };
}

/**
 * Why `address` is not one bare mailbox `Dot-string@domain`, or undefined when it is one (its domain
 * still to be checked in ASCII form). The checks run from the shape of the whole string to its parts,
 * so the reason names the first thing a customer would have to change: a list or a decorated address
 * (RFC 5322's `address-list`, `name-addr`, comments) before its local part.
 */
function shapeRefusal(address: string): AddressRefusal | undefined {
  const at = address.lastIndexOf('@');
  if (/[,;]/.test(address) || (address.indexOf('@') !== at && /\s/.test(address))) return REFUSALS.several;
  if (/[<>()]/.test(address)) return REFUSALS.decorated;
  if (at < 0) return REFUSALS.noAt;
  if (at === 0) return REFUSALS.noLocalPart;
  if (at === address.length - 1) return REFUSALS.noDomain;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.startsWith('"')) return REFUSALS.quoted;
  if (NON_ASCII.test(local)) return REFUSALS.nonAsciiLocalPart;
  if (!DOT_STRING.test(local)) return REFUSALS.localPart;
  if (local.length > MAX_LOCAL_PART_LENGTH) return REFUSALS.longLocalPart;
  if (domain.startsWith('[')) return REFUSALS.addressLiteral;
  if (ASCII_NOT_LDH.test(domain)) return REFUSALS.domain;
  return undefined;
}
