/**
 * What a cookie name, `Path` and `Domain` may contain. The options are checked with these
 * once, at start-up, so that a value the serialiser (the `cookie` package, 1.x) would refuse
 * on every response is refused before the first one. Each check accepts exactly what that
 * serialiser accepts: a test compares them on generated strings.
 */

/**
 * RFC 6265 §4.1.1:
 *
 *   cookie-name = token                       ; RFC 2616 §2.2
 *   token       = 1*<any CHAR except CTLs or separators>
 *
 * Browsers and the `cookie` package accept more than `token`: any visible ASCII character
 * except `;` and `=`, which end the name in the header. Space, the control characters and
 * non-ASCII characters are refused.
 */
const COOKIE_NAME = /^[!-:<>-~]+$/;

/**
 * RFC 6265 §4.1.1:
 *
 *   path-value = <any CHAR except CTLs or ";">
 *
 * The `cookie` package also refuses `<`, so it is refused here as well: a path it refuses
 * would make every Set-Cookie throw.
 */
const PATH_VALUE = /^[ -:=-~]*$/;

/**
 * RFC 6265 §4.1.1, `domain-value = <subdomain>`, as RFC 1034 §3.5 (with RFC 1123 §2.1's
 * leading digits) defines it:
 *
 *   <subdomain> = <label> | <subdomain> "." <label>
 *   <label>     = <let-dig> [ [ <ldh-str> ] <let-dig> ]    ; at most 63 characters
 *   <ldh-str>   = <let-dig-hyp> | <let-dig-hyp> <ldh-str>
 *
 * One leading dot is allowed: RFC 6265 §5.2.3 says a user agent ignores it.
 */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DOMAIN_VALUE = new RegExp(`^\\.?${LABEL}(?:\\.${LABEL})*$`, "i");

export function isCookieName(text: string): boolean {
  return COOKIE_NAME.test(text);
}

export function isCookiePath(text: string): boolean {
  return PATH_VALUE.test(text);
}

export function isCookieDomain(text: string): boolean {
  return DOMAIN_VALUE.test(text);
}

/**
 * The cookie-name prefixes of RFC 6265bis (draft 20, §4.1.3), matched without regard to
 * case as the draft's storage model (§5.7) does. A browser stores a `__Secure-` cookie only
 * when it is `Secure`, and a `__Host-` cookie only when it is `Secure`, has `Path=/` and no
 * `Domain`: such a cookie cannot be set by a sibling subdomain.
 */
export type CookiePrefix = "__Secure-" | "__Host-";

export function cookiePrefixOf(name: string): CookiePrefix | undefined {
  const start = name.slice(0, 9).toLowerCase();
  if (start === "__secure-") return "__Secure-";
  if (start.startsWith("__host-")) return "__Host-";
  return undefined;
}
