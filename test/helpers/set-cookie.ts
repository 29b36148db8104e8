import { expect } from "vitest";

/** One `Set-Cookie` header, parsed the way a browser reads it. */
export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags such as HttpOnly map to `true`. */
  attributes: Record<string, string | true>;
}

/** What `Expires` says in a cookie that a server deletes. */
export const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = "", ...parts] = header.split(";");
  const eq = pair.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const index = part.indexOf("=");
    const key = (index === -1 ? part : part.slice(0, index)).trim().toLowerCase();
    attributes[key] = index === -1 ? true : part.slice(index + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/**
 * Anything a test holds that carries response headers: `Headers`, a fetch `Response`, a
 * `CookieClient` response, Node's or supertest's header object.
 */
export type CookieSource =
  | Headers
  | { setCookies: string[] }
  | { headers: Headers | Record<string, unknown> }
  | Record<string, unknown>;

/** Every Set-Cookie header of a response, in order. */
export function setCookieHeaders(source: CookieSource): string[] {
  if (source instanceof Headers) return source.getSetCookie();
  const { setCookies, headers, "set-cookie": value } = source as Record<string, unknown>;
  if (Array.isArray(setCookies)) return setCookies.map(String);
  if (typeof headers === "object" && headers !== null) {
    return setCookieHeaders(headers as CookieSource);
  }
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The Set-Cookie headers for one cookie name. */
export function cookiesNamed(source: CookieSource, name: string): ParsedSetCookie[] {
  return setCookieHeaders(source)
    .map(parseSetCookie)
    .filter((cookie) => cookie.name === name);
}

/** The names of the cookies a response sets, in order. */
export function cookieNames(source: CookieSource): string[] {
  return setCookieHeaders(source).map((header) => parseSetCookie(header).name);
}

/** The one Set-Cookie for cookie `name`; fails, showing what was sent, unless there is one. */
export function sessionCookieOf(source: CookieSource, name = "sid"): ParsedSetCookie {
  const headers = setCookieHeaders(source);
  const found = cookiesNamed(source, name);
  expect(found, `one Set-Cookie for ${name} among ${JSON.stringify(headers)}`).toHaveLength(1);
  return found[0] as ParsedSetCookie;
}

/** The `name=value` pair of the session cookie a response sets, for the next request. */
export function cookiePair(source: CookieSource, name = "sid"): string {
  const { value } = sessionCookieOf(source, name);
  return `${name}=${value}`;
}

/** The response deletes cookie `name`: one Set-Cookie for it, expired at the epoch. */
export function expectExpiredCookie(source: CookieSource, name = "sid"): void {
  expect(sessionCookieOf(source, name).attributes.expires).toBe(EPOCH);
}

/** The `Expires` of the session cookie, in ms since the epoch (NaN when it has none). */
export function expiresOf(source: CookieSource, name = "sid"): number {
  return Date.parse(String(sessionCookieOf(source, name).attributes.expires));
}
