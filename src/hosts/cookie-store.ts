import { cookieAttributes } from "../cookie/cookie.js";
import { decodeSessionId } from "../cookie/session-id.js";
import { stateOf } from "../session/state.js";
import type { SameSite } from "../types.js";
import { shouldWatchCommits, watchCommit } from "./commit-warning.js";
import type { Carrier, Host } from "./host.js";
import { forget, recall, remember } from "./request-sessions.js";

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
 * A cookie store that reads the request's cookies and sets the response's, such as the one
 * `await cookies()` returns in Next.js (writable in Server Actions and Route Handlers,
 * read-only in Server Components, where `set` throws).
 */
export interface SessionCookieStore {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, attributes: SessionCookieAttributes): unknown;
}

function readCookie(store: SessionCookieStore, name: string): string | undefined {
  const cookie: unknown = store.get(name);
  if (cookie === undefined || cookie === null) return undefined;
  const value = (cookie as { value?: unknown }).value;
  if (typeof value === "string") return value;
  // Koa's ctx.cookies, for one, has get and set, but get gives the value itself.
  throw new TypeError(
    "next-session: getSession(cookies) needs a cookie store whose get(name) returns { value } or undefined, as Next.js's cookies() does. For Koa, call getSession(ctx.req, ctx.res).",
  );
}

/** A cookie store: the cookie is read from and written to the same object. */
const cookieStoreCarrier: Carrier<SessionCookieStore, SessionCookieStore> = {
  readCookie,
  // Next.js's cookies() is one object per request, but an app's own adapter (say, over
  // AsyncLocalStorage) may be one object for every request. So the session is handed out
  // again only while the store's cookie still names it: once another visitor's cookie (or
  // none) shows through, a session is loaded for that visitor. A new session is named by
  // no cookie until it is committed, so until then each call starts its own.
  recall(store, options, output) {
    const known = recall(store, options, output);
    if (known === undefined) return undefined;
    const id = decodeSessionId(readCookie(store, options.name), options);
    return id === stateOf(known).id ? known : undefined;
  },
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
  // A cookie store offers no way to take a cookie back: an expired one replaces it, so that
  // the browser keeps no cookie for an id that is gone.
  retractCookie(store, name, cookie) {
    store.set(name, "", { ...cookieAttributes(cookie), expires: new Date(0) });
  },
};

function isCookieStore(input: unknown): boolean {
  const store = input as Partial<SessionCookieStore> & { headers?: unknown };
  return (
    typeof store?.get === "function" &&
    typeof store.set === "function" &&
    store.headers === undefined
  );
}

/**
 * `getSession(cookieStore)`: Next.js's `await cookies()` in Server Actions, Route Handlers
 * and Server Components. Nothing is saved by itself: call `commit()`.
 */
export const cookieStoreHost: Host<SessionCookieStore, SessionCookieStore> = {
  matches: isCookieStore,
  bind: () => ({
    carrier: cookieStoreCarrier,
    outputOf: (store) => store,
    autoCommit: false,
    afterLoad: shouldWatchCommits() ? watchCommit : undefined,
  }),
};
