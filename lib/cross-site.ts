/** The one rule for telling a browser's cross-site request, used by the service's edge (lib/http.ts) and the local portal. */

/** The `host[:port]` of an origin, or undefined when it is not a URL (`null`, say). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser sent this request from a page of another site that the stage does not list by
 * name: the cross-site request forgery that would let any page make its visitors' browsers ask for
 * resets from their own IPs. Fetch Metadata first (W3C; OWASP's resource isolation policy):
 * `same-origin` and `none` (typed or bookmarked) pass, and `same-site` counts as cross-site, since a
 * sibling subdomain need be no more trusted than any site. Then `Origin` for browsers without Fetch
 * Metadata, which send it on every POST: a listed origin passes, and so does the request's own
 * (Origin's host is Host). Neither header means no browser page is behind the request: ServiceStack's
 * clients, curl and the portal's back end send neither, and pass. Headers are lower-cased.
 * The local portal (local/portal/server.ts) applies the same rule to its own forms.
 */
export function isUnlistedCrossSite(headers: Readonly<Record<string, string | undefined>>, trustedOrigins: readonly string[]): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return false;
  const origin = headers.origin;
  if (origin === undefined) return site !== undefined;
  if (trustedOrigins.includes(origin)) return false;
  return site !== undefined || hostOf(origin) !== headers.host;
}
