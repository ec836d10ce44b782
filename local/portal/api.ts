/**
 * The portal back end's calls to the service, made server-side as a real portal's back end makes
 * them: JSON over HTTP, the API key in `x-api-key` when one is configured (deployed stages require
 * it for verify, complete and revoke; the local stack does not). The token only ever travels in a POST body.
 * The reset request is made here too, which only a local portal may do: the service's `ip` limit
 * would count every customer as this back end's one IP (README, "The journey"), so a production
 * portal's pages post it to the service themselves.
 */

/**
 * What a call ends in: the response members, or the ServiceStack error code and HTTP status, with
 * the seconds of `Retry-After` when the service sent one (its 429 and 503 do).
 */
export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly errorCode: string; readonly retryAfterSeconds?: number };

export interface VerifiedLink {
  readonly CustomerBrandName: string;
  readonly MaskedEmail: string;
  readonly ExpiresAt: string;
}

export interface CompletedLink {
  readonly CustomerBrandName: string;
  readonly Email: string;
}

export interface RevokedLinks {
  readonly RevokedCount: number;
}

export interface ServiceApi {
  requestReset(email: string, brandName: string): Promise<ApiResult<object>>;
  verifyToken(token: string): Promise<ApiResult<VerifiedLink>>;
  completeReset(token: string): Promise<ApiResult<CompletedLink>>;
  /** Ends the customer's live reset links: after any change of their password or address. */
  revokeResetTokens(email: string, brandName: string): Promise<ApiResult<RevokedLinks>>;
}

/** Network failures and answers that are not the service's JSON count as this. */
const UNAVAILABLE = { ok: false, status: 503, errorCode: 'ServiceUnavailable' } as const;

/** `Retry-After` in the delay-seconds form the service sends (RFC 9110 section 10.2.3); undefined otherwise. */
function retryAfterOf(header: string | null): number | undefined {
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
}

/**
 * The service's operations at `apiUrl` (e.g. `http://127.0.0.1:3000`), with `apiKey` sent as
 * `x-api-key` when given.
 */
export function createServiceApi(apiUrl: string, apiKey: string | undefined): ServiceApi {
  async function call<T>(requestName: string, body: Record<string, string>): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (apiKey) headers['x-api-key'] = apiKey;
    try {
      const response = await fetch(`${apiUrl}/json/reply/${requestName}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(25_000) });
      const document = (await response.json()) as T & { ResponseStatus?: { ErrorCode?: string } };
      if (response.ok) return { ok: true, value: document };
      const failure = { ok: false, status: response.status, errorCode: document.ResponseStatus?.ErrorCode ?? 'Unknown' } as const;
      const retryAfterSeconds = retryAfterOf(response.headers.get('retry-after'));
      return retryAfterSeconds === undefined ? failure : { ...failure, retryAfterSeconds };
    } catch {
      return UNAVAILABLE;
    }
  }
  return {
    requestReset: (email, brandName) => call('ResetCustomerPasswordRequest', { Email: email, CustomerBrandName: brandName }),
    verifyToken: (token) => call('VerifyCustomerPasswordResetTokenRequest', { Token: token }),
    completeReset: (token) => call('CompleteCustomerPasswordResetRequest', { Token: token }),
    revokeResetTokens: (email, brandName) => call('RevokeCustomerPasswordResetTokensRequest', { Email: email, CustomerBrandName: brandName }),
  };
}
