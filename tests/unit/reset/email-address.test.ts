import parseAddresses from 'email-addresses';
import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { addressTable } from '../../fixtures/address-table';
import { checkEmailAddress } from '../../../lib/reset/email-address';
import { customerIdsUnder, normaliseEmail } from '../../../lib/reset/token';

const rows = addressTable();
const accepted = rows.filter((row) => row.outcome === 'accepted');
const refused = rows.filter((row) => row.outcome === 'refused');

describe('checkEmailAddress, on the table of docs/api.md', () => {
  it('has both kinds of row, every address the issue found refused among the accepted', () => {
    const typed = accepted.map((row) => row.typed);
    for (const address of ["o'brien@example.com", 'r&d@example.com', 'user=x@example.com', 'a/b@example.com', 'user%x@example.com', 'x{y}@example.com', 'jan@xn--bcher-kva.example', 'info@shop.xn--p1ai', 'x@a--b.example.com']) {
      expect(typed).toContain(address);
    }
    expect(refused.length).toBeGreaterThan(10);
  });

  it.each(accepted.map((row) => [JSON.stringify(row.typed), row] as const))('accepts %s as the form it is keyed under and sent to', (_name, row) => {
    expect(checkEmailAddress(row.typed)).toEqual({ address: row.outcome === 'accepted' ? row.sentTo : undefined });
  });

  it.each(refused.map((row) => [JSON.stringify(row.typed), row] as const))('refuses %s, saying why', (_name, row) => {
    expect(checkEmailAddress(row.typed)).toEqual({ refusal: row.outcome === 'refused' ? { errorCode: row.errorCode, message: row.message } : undefined });
  });

  it('sends to printable ASCII only: no CR, LF or other control character can reach a header', () => {
    for (const row of accepted) expect(row.outcome === 'accepted' && row.sentTo).toMatch(/^[\x21-\x7e]+$/);
  });
});

describe('the mailbox grammar, against an RFC 5322 parser', () => {
  /** The refusals that say the string is not one bare mailbox, as opposed to a mailbox whose domain or length is wrong. */
  const SHAPE_REFUSALS = [
    'it holds more than one address',
    'give the address alone',
    "it has no '@'",
    "there is nothing before the '@'",
    "there is no domain after the '@'",
    'a quoted local part',
    "the part before the '@' must be ASCII",
    "the part before the '@' may hold",
    'not an IP address',
  ];
  const isShapeRefusal = (result: ReturnType<typeof checkEmailAddress>): boolean =>
    'refusal' in result && SHAPE_REFUSALS.some((words) => result.refusal.message.includes(words));

  /**
   * What email-addresses (strict RFC 5322, with RFC 6532's UTF-8) reads in `address`: one mailbox
   * written bare, with an unquoted ASCII local part and a domain name, the address SES can take.
   */
  function parserReadsOneBareMailbox(address: string): boolean {
    const parsed = parseAddresses({ input: address, startAt: 'address-list', strict: true, rfc6532: true });
    if (parsed?.addresses.length !== 1) return false;
    const [mailbox] = parsed.addresses;
    if (mailbox?.type !== 'mailbox' || mailbox.name !== null || mailbox.parts.comments.length > 0 || mailbox.address !== address) return false;
    return !mailbox.parts.local.tokens.trimStart().startsWith('"') && /^[\x00-\x7f]+$/.test(mailbox.local) && !mailbox.domain.startsWith('[');
  }

  it('accepts only what the parser reads as one bare mailbox, and refuses for its shape nothing the parser reads so', () => {
    const counts = { accepted: 0, shapeRefused: 0 };
    // Mostly atext and dots, so many strings are mailboxes; now and then anything RFC 5322 treats specially.
    const special = { arbitrary: fc.constantFrom(...'@"\\ ()<>[],;:ü\u212a'.split('')), weight: 1 };
    const dot = { arbitrary: fc.constant('.'), weight: 2 };
    const localUnit = fc.oneof({ arbitrary: fc.constantFrom(...'aZ09-_+!#$%&\'*/=?^`{|}~'.split('')), weight: 12 }, dot, special);
    const domainUnit = fc.oneof({ arbitrary: fc.constantFrom(...'aZ09-'.split('')), weight: 12 }, dot, special, { arbitrary: fc.constantFrom(...'_+!#'.split('')), weight: 1 });
    fc.assert(
      fc.property(fc.tuple(fc.string({ unit: localUnit, maxLength: 12 }), fc.string({ unit: domainUnit, maxLength: 12 })), ([local, domain]) => {
        const address = `${local}@${domain}`;
        if (address.trim() !== address) return; // the service trims first; the parser would read the space as CFWS
        const result = checkEmailAddress(address);
        const oneBareMailbox = parserReadsOneBareMailbox(address);
        if ('address' in result) {
          counts.accepted += 1;
          expect(oneBareMailbox).toBe(true);
        } else if (isShapeRefusal(result)) {
          counts.shapeRefused += 1;
          expect(oneBareMailbox).toBe(false);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(counts.accepted).toBeGreaterThan(100);
    expect(counts.shapeRefused).toBeGreaterThan(100);
  });
});

describe('look-alike addresses', () => {
  const customerIdOf = customerIdsUnder('a-test-key-of-more-than-32-characters');
  const victim = 'jane@kite.example';
  // Each typed address either is refused, or is keyed under exactly the address its email goes to:
  // the only way to reach the victim's key is to send the email to the victim.
  const lookAlikes = [
    'jane@\u212aite.example', // Kelvin sign
    'jane@KITE.example',
    'jane@ｋｉｔｅ．ｅｘａｍｐｌｅ', // fullwidth forms
    'jane@kıte.example', // dotless i
    'jane@kіte.example', // Cyrillic і
    'jаne@kite.example', // Cyrillic а in the local part
    'ｊａｎｅ@kite.example', // fullwidth local part
    'jan\u212a@kite.example', // Kelvin sign in the local part
    'jane@kite.example\u200b', // zero-width space
    'jane@kite.exam\u00adple', // soft hyphen
  ];

  it.each(lookAlikes)('%s reaches the victim only by mailing the victim', (typed) => {
    const result = checkEmailAddress(typed);
    if ('refusal' in result) return expect(result.refusal.errorCode).toBe('Email');
    expect(result.address).toMatch(/^[\x21-\x7e]+$/);
    const sameKey = customerIdOf('pumpalarm', result.address) === customerIdOf('pumpalarm', victim);
    expect(sameKey).toBe(result.address === victim);
  });

  it('maps what UTS-46 maps to the same letter and keeps apart what it keeps apart', () => {
    expect(checkEmailAddress('jane@\u212aite.example')).toEqual({ address: victim });
    expect(checkEmailAddress('jane@ｋｉｔｅ．ｅｘａｍｐｌｅ')).toEqual({ address: victim });
    expect(checkEmailAddress('jane@kıte.example')).toEqual({ address: 'jane@xn--kte-jua.example' });
    expect(checkEmailAddress('jane@kіte.example')).not.toEqual({ address: victim });
    expect(checkEmailAddress('jаne@kite.example')).toHaveProperty('refusal');
    expect(checkEmailAddress('jan\u212a@kite.example')).toHaveProperty('refusal');
  });
});

describe('normaliseEmail', () => {
  it('converts the domain with IDNA as typed, not after toLowerCase (final sigma would change the name)', () => {
    expect(normaliseEmail(' Jan@ΟΔΟΣ-x.gr ')).toBe(`jan@${domainToASCII('οδοσ-x.gr')}`);
    expect(normaliseEmail('jan@ΟΔΟΣ-x.gr')).not.toBe(`jan@${domainToASCII('ΟΔΟΣ-x.gr'.toLowerCase())}`);
  });

  it('is idempotent, so the stored form keys the same customer again', () => {
    for (const row of accepted) if (row.outcome === 'accepted') expect(normaliseEmail(row.sentTo)).toBe(row.sentTo);
  });
});
