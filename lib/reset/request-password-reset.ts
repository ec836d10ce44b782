import type { BrandCatalog } from '../config';
import { TooManyRequestsError } from '../errors';
import type { Clock, RandomBytes, ResetQueue } from '../ports';
import type { RequestDto } from '../wire/operations';
import { mailboxOf } from './mailbox';
import { clientCharges, clientIdOf } from './rate-limits';
import { hashToken, newNonce, type CustomerIdOf, type LinkTokenOf } from './token';
import { validateResetRequest } from './validate-reset-request';

export interface RequestPasswordResetDeps {
  readonly brands: BrandCatalog;
  readonly queue: ResetQueue;
  readonly clock: Clock;
  readonly randomBytes: RandomBytes;
  readonly customerIdOf: CustomerIdOf;
  readonly linkTokenOf: LinkTokenOf;
  /** The customer-id key's version (CUSTOMER_ID_KEY_VERSION), stamped on every record. */
  readonly keyVersion: string;
}

/** What the edge may log about a handled request: never the token or the full address. */
export interface ResetOutcome {
  readonly brand: string;
  readonly email: string;
}

/** What the edge knows of the caller. */
export interface ResetRequester {
  readonly acceptLanguage: string | undefined;
  readonly sourceIp: string | undefined;
}

/**
 * Validates the request, then, in one atomic write (one round trip), counts the client's own rate
 * (per IP, IPv6 per /64: the only limit that refuses; the mailbox, domain and stage limits pace the
 * sender instead: rate-limits.ts) and writes the mailbox's reset item: a fresh nonce, the hash of the
 * token it makes, the sealed address and the language the request asked for, with the email queued on it (`outbox`). That
 * write replaces the mailbox's previous item, so only the newest link lives; the table's stream hands
 * it to the sender (send-queued-email.ts), which finds out whether the address belongs to a customer
 * and mails the link, a "no account" note or nothing, when the mailbox's schedule allows.
 *
 * The request path neither reads the directory nor calls SES: its work, one DynamoDB transaction of
 * fixed shape and size, is the same for a customer and a stranger by construction, so neither its
 * answer nor its timing can tell them apart (RESET.md), and no outage of SES reaches the caller.
 * Invalid requests throw before anything is written; over the client's limit, the write counts and
 * writes nothing and a {@link TooManyRequestsError} says how long to wait.
 */
export async function requestPasswordReset(dto: RequestDto, requester: ResetRequester, deps: RequestPasswordResetDeps): Promise<ResetOutcome> {
  const nowMs = deps.clock.now();
  const { email, brand } = validateResetRequest(dto, deps.brands);
  const customerId = deps.customerIdOf(brand.key, mailboxOf(email));
  const nonce = newNonce(deps.randomBytes);
  const createdAt = Math.floor(nowMs / 1000);
  const record = {
    customerId,
    brand: brand.name,
    email,
    nonce,
    tokenHash: hashToken(deps.linkTokenOf(customerId, nonce)),
    // As asked: the sender chooses among the brand's locales (send-queued-email.ts).
    language: { locale: dto.Locale, acceptLanguage: requester.acceptLanguage },
    createdAt,
    // Until the sender mails it, the latest the link may still go out (send-queued-email.ts), so an
    // item whose email never left is deleted by TTL; the sender's mark sets the link's own end.
    expiresAt: createdAt + brand.tokenTtlSeconds,
    keyVersion: deps.keyVersion,
  };
  const result = await deps.queue.queueReset(record, clientCharges(brand.rateLimits, { ip: clientIdOf(requester.sourceIp) }), nowMs);
  if (!result.queued) throw new TooManyRequestsError(result.retryAfterSeconds);
  return { brand: brand.name, email };
}
