import { type SerializeOptions, stringifySetCookie } from "cookie";
import type { Cookie } from "../types.js";

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function decodeCookieValue(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A value in double quotes (RFC 6265 allows them) means the value inside, as express-session reads it. */
function unquote(value: string): string {
  return value.length >= 2 &&
    value.charCodeAt(0) === 0x22 &&
    value.charCodeAt(value.length - 1) === 0x22
    ? value.slice(1, -1)
    : value;
}

/**
 * The value of cookie `name` in a `Cookie` header. Pairs are split as `parseCookie` of `cookie`
 * 1.x (1.1.1) splits them, with its `eqIndex`, `endIndex` and `valueSlice` helpers and its
 * `decode`: `;` ends a pair, the first `=` splits it, blanks around names and values are
 * trimmed, a pair without `=` is skipped, a value that is not valid percent-encoding stays as
 * it is (`test/cookie/find-cookie.test.ts` compares them); a quoted value loses its quotes.
 * A name sent twice with different values gives undefined: a browser sends two when another
 * site of the same parent domain, or a narrower path, set one too, and which of them is the
 * user's own cannot be told, so that neither is trusted (see SECURITY.md).
 */
export function findCookie(header: string, name: string): string | undefined {
  // Only the one cookie we need is sliced and decoded: apps often carry many others
  // (analytics, preferences) that parsing them all would allocate for on every request.
  const length = header.length;
  let found: string | undefined;
  let index = 0;
  while (index < length) {
    const equals = header.indexOf("=", index);
    if (equals === -1) break;
    let end = header.indexOf(";", index);
    if (end === -1) end = length;
    if (equals > end) {
      index = header.lastIndexOf(";", equals - 1) + 1;
      continue;
    }
    let start = index;
    let nameEnd = equals;
    while (start < nameEnd && isBlank(header.charCodeAt(start))) start += 1;
    while (nameEnd > start && isBlank(header.charCodeAt(nameEnd - 1))) nameEnd -= 1;
    if (nameEnd - start === name.length && header.startsWith(name, start)) {
      let valueStart = equals + 1;
      let valueEnd = end;
      while (valueStart < valueEnd && isBlank(header.charCodeAt(valueStart))) valueStart += 1;
      while (valueEnd > valueStart && isBlank(header.charCodeAt(valueEnd - 1))) valueEnd -= 1;
      const value = decodeCookieValue(unquote(header.slice(valueStart, valueEnd)));
      if (found !== undefined && found !== value) return undefined;
      found = value;
    }
    index = end + 1;
  }
  return found;
}

/** The value of cookie `name` in a `Cookie` header (see `findCookie`), or undefined. */
export function cookieFromHeader(
  header: string | null | undefined,
  name: string,
): string | undefined {
  return header ? findCookie(header, name) : undefined;
}

/**
 * The `Cookie` fields written as Set-Cookie attributes. `maxAge` is not one of them: the
 * cookie carries `Expires` only, computed from it. `cookieAttributes` writes these and the
 * attributes cache compares these, so a field added here is both written and compared.
 */
export const SET_COOKIE_ATTRIBUTES = [
  "path",
  "httpOnly",
  "secure",
  "domain",
  "sameSite",
  "expires",
] as const satisfies readonly (keyof Cookie)[];

type Attribute = (typeof SET_COOKIE_ATTRIBUTES)[number];

/** The attributes of the session cookie as the response states them. */
export function cookieAttributes(cookie: Cookie): SerializeOptions {
  const attributes: Partial<Record<Attribute, unknown>> = {};
  for (const key of SET_COOKIE_ATTRIBUTES) {
    if (cookie[key] !== undefined) attributes[key] = cookie[key];
  }
  return attributes as SerializeOptions;
}

/** `Expires` shows whole seconds: two dates in the same second give the same text. */
function expiresSecond(expires: unknown): number | undefined {
  if (expires === undefined) return undefined;
  // Anything but a valid Date gets NaN, which equals nothing: `cookie` then rejects it.
  return expires instanceof Date ? Math.floor(expires.getTime() / 1000) : Number.NaN;
}

/** The attribute values a Set-Cookie text was written from, `expires` in whole seconds. */
type AttributeValues = Record<Attribute, unknown>;

function valuesOf(cookie: Cookie): AttributeValues {
  const values = {} as AttributeValues;
  for (const key of SET_COOKIE_ATTRIBUTES) {
    values[key] = key === "expires" ? expiresSecond(cookie.expires) : cookie[key];
  }
  return values;
}

function sameValues(values: AttributeValues, cookie: Cookie): boolean {
  for (const key of SET_COOKIE_ATTRIBUTES) {
    const value = key === "expires" ? expiresSecond(cookie.expires) : cookie[key];
    if (value !== values[key]) return false;
  }
  return true;
}

/**
 * The last attributes text written. Formatting `Expires` is the dearest part of a
 * Set-Cookie, and all the sessions created or touched within one second share it.
 */
let lastAttributes: { name: string; values: AttributeValues; text: string } | undefined;

/** The attributes part of the session cookie's Set-Cookie (`; Path=/; …`). */
function attributesText(name: string, cookie: Cookie): string {
  const last = lastAttributes;
  if (last !== undefined && last.name === name && sameValues(last.values, cookie)) {
    return last.text;
  }
  // With an empty value, `cookie` writes `name=` and then the attributes.
  const text = stringifySetCookie(name, "", cookieAttributes(cookie)).slice(name.length + 1);
  lastAttributes = { name, values: valuesOf(cookie), text };
  return text;
}

/** The `Set-Cookie` value for the session cookie. */
export function serializeSessionCookie(name: string, value: string, cookie: Cookie): string {
  // Name and value first, then attributes: `cookie` throws for a bad one in that order.
  return stringifySetCookie(name, value) + attributesText(name, cookie);
}
