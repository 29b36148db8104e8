import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { parseCookie, type SerializeOptions, stringifySetCookie } from "cookie";
import type { ResolvedOptions } from "./options.js";
import type { Cookie } from "./types.js";

/**
 * Ids longer than this are not looked up in the store: a new session starts instead. Real
 * generators stay far below it (nanoid 21 characters, uid-safe as used by express-session
 * 32, a UUID 36, a hex SHA-512 128), while a forged cookie can be as long as a header
 * allows (about 4 KB per cookie in browsers, more from other clients).
 */
export const MAX_ID_LENGTH = 1024;

/**
 * Reads the session id from a `Cookie` header. Absent, empty, undecodable or overlong
 * values mean "no session": a `decode` that returns a falsy value or throws (say, on a
 * tampered cookie) starts a new session instead of failing the request. The alphabet is
 * not restricted, so ids from any generator keep working.
 */
export function readSessionId(
  headers: IncomingHttpHeaders | undefined,
  { name, decode }: ResolvedOptions,
): string | undefined {
  const header = headers?.cookie;
  if (!header) return undefined;
  const raw = parseCookie(header)[name];
  if (!raw) return undefined;
  let id: unknown = raw;
  if (decode) {
    try {
      id = decode(raw);
    } catch {
      return undefined;
    }
  }
  return typeof id === "string" && id !== "" && id.length <= MAX_ID_LENGTH ? id : undefined;
}

/** The `Set-Cookie` value that carries `id` with the session's cookie attributes. */
export function serializeSessionCookie(
  id: string,
  cookie: Cookie,
  { name, encode }: Pick<ResolvedOptions, "name" | "encode">,
): string {
  const attributes: SerializeOptions = {
    path: cookie.path,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
  };
  if (cookie.expires !== undefined) attributes.expires = cookie.expires;
  if (cookie.domain !== undefined) attributes.domain = cookie.domain;
  if (cookie.sameSite !== undefined) attributes.sameSite = cookie.sameSite;
  return stringifySetCookie(name, encode ? encode(id) : id, attributes);
}

/** The session cookie this library last put on a response, per cookie name. */
const kWrittenCookies = Symbol("next-session.writtenCookies");

interface TrackedResponse extends ServerResponse {
  [kWrittenCookies]?: Map<string, string>;
}

/**
 * Adds the session cookie to the response's `Set-Cookie` header, keeping every cookie set
 * by others. Writing it again in the same response (commit, then destroy, then a new
 * session) replaces our earlier value, so a response never carries two session cookies.
 */
export function setSessionCookie(res: ServerResponse, name: string, setCookie: string): void {
  const tracked = res as TrackedResponse;
  tracked[kWrittenCookies] ??= new Map();
  const written = tracked[kWrittenCookies];
  const previous = written.get(name);
  written.set(name, setCookie);
  const current = res.getHeader("set-cookie");
  if (current === undefined) {
    res.setHeader("set-cookie", setCookie);
    return;
  }
  const others = (Array.isArray(current) ? current : [String(current)]).filter(
    (value) => value !== previous,
  );
  res.setHeader("set-cookie", others.length === 0 ? setCookie : [...others, setCookie]);
}

type OutgoingHeaders = Record<string, unknown> | unknown[];

/**
 * Headers passed to `res.writeHead()` replace those set before with the same name, so a
 * `Set-Cookie` given there would silently drop the session cookie. Returns the headers
 * with our cookies added to theirs (a copy: the caller's object is left alone).
 */
export function keepSessionCookies(res: ServerResponse, headers: OutgoingHeaders): OutgoingHeaders {
  const ours = (res as TrackedResponse)[kWrittenCookies];
  if (ours === undefined) return headers;
  if (Array.isArray(headers)) {
    // The flat [name, value, name, value] form. Node 20 keeps only the last value of a
    // repeated name there once headers were set before, so all cookies go in one pair.
    const rest: unknown[] = [];
    const cookies: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) {
      const isSetCookie = String(headers[i]).toLowerCase() === "set-cookie";
      if (isSetCookie) cookies.push(headers[i + 1]);
      else rest.push(headers[i], headers[i + 1]);
    }
    if (cookies.length === 0) return headers;
    return [...rest, "set-cookie", [...cookies.flat(), ...ours.values()]];
  }
  const key = Object.keys(headers).find((name) => name.toLowerCase() === "set-cookie");
  if (key === undefined) return headers;
  const theirs = headers[key];
  const list = theirs === undefined ? [] : Array.isArray(theirs) ? theirs : [String(theirs)];
  return { ...headers, [key]: [...list, ...ours.values()] };
}
