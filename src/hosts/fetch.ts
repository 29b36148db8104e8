import {
  cookieAttributes,
  cookieFromHeader,
  serializeSessionCookie,
  trackSessionCookie,
} from "../cookie/cookie.js";
import type { ResolvedOptions } from "../options.js";
import { stateOf } from "../session/session.js";
import type { SameSite, Session } from "../types.js";
import type { Carrier } from "./carrier.js";

/** The attributes handed to `SessionCookieStore.set`. */
export interface SessionCookieAttributes {
  path?: string | undefined;
  httpOnly?: boolean | undefined;
  secure?: boolean | undefined;
  expires?: Date | undefined;
  domain?: string | undefined;
  sameSite?: SameSite | undefined;
}

/**
 * A cookie store that reads the request's cookies and sets the response's, such as the
 * one `await cookies()` returns in Next.js (writable in Server Actions and Route
 * Handlers, read-only in Server Components, where `set` throws).
 */
export interface SessionCookieStore {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, attributes: SessionCookieAttributes): unknown;
}

/**
 * The session of each Fetch request or cookie store. A WeakMap rather than a property, so
 * that the platform's objects are left as they are and nothing outlives its request.
 */
const sessions = new WeakMap<object, Session>();

/** Same request, same options and same response headers: the same session, as on Node. */
function recall(input: object, options: ResolvedOptions, output: unknown): Session | undefined {
  const known = sessions.get(input);
  if (known === undefined) return undefined;
  const state = stateOf(known);
  return state.options === options && state.output === output ? known : undefined;
}

function remember(input: object, session: Session): void {
  sessions.set(input, session);
}

function forget(input: object, session: Session): void {
  if (sessions.get(input) === session) sessions.delete(input);
}

/**
 * A Fetch `Request`, with the `Headers` of the response to be: the cookie is appended to
 * them as `Set-Cookie`, replacing one this library appended before. Without `Headers`
 * (e.g. in a proxy that only reads) the session is read-only.
 */
export const fetchCarrier: Carrier<Request, Headers | undefined> = {
  readCookie(request, name) {
    return cookieFromHeader(request.headers.get("cookie"), name);
  },
  recall,
  remember,
  forget,
  writeCookie(headers, name, value, cookie) {
    if (headers === undefined) {
      throw new Error(
        "next-session: this session is read-only, because getSession(request) was given no Headers to put its cookie on. Call getSession(request, responseHeaders) and send those headers with the response.",
      );
    }
    const setCookie = serializeSessionCookie(name, value, cookie);
    const previous = trackSessionCookie(headers, name, setCookie);
    if (previous !== undefined) {
      const others = headers.getSetCookie().filter((header) => header !== previous);
      headers.delete("set-cookie");
      for (const header of others) headers.append("set-cookie", header);
    }
    headers.append("set-cookie", setCookie);
  },
};

/** A cookie store: the cookie is read from and written to the same object. */
export const cookieStoreCarrier: Carrier<SessionCookieStore, SessionCookieStore> = {
  readCookie(store, name) {
    return store.get(name)?.value;
  },
  recall,
  remember,
  forget,
  writeCookie(store, name, value, cookie) {
    try {
      store.set(name, value, cookieAttributes(cookie));
    } catch (error) {
      // Next.js throws here in Server Components; say what to do instead.
      throw new Error(
        "next-session: the session cookie cannot be set here. Next.js lets only Server Actions and Route Handlers set cookies: Server Components can read the session but not commit or destroy it.",
        { cause: error },
      );
    }
  },
};
