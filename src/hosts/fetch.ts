import { cookieFromHeader, serializeSessionCookie } from "../cookie/cookie.js";
import { shouldWatchCommits, watchCommit } from "./commit-warning.js";
import type { Carrier, Host } from "./host.js";
import { forget, recall, remember } from "./request-sessions.js";
import {
  claimResponseHeaders,
  trackSessionCookie,
  untrackSessionCookie,
} from "./tracked-cookies.js";

/** Takes one Set-Cookie value, this library's, off `headers`, keeping the others in order. */
function removeSetCookie(headers: Headers, ours: string | undefined): void {
  if (ours === undefined) return;
  const others = headers.getSetCookie().filter((header) => header !== ours);
  headers.delete("set-cookie");
  for (const header of others) headers.append("set-cookie", header);
}

/**
 * A Fetch `Request`, with the `Headers` of the response to be: the cookie is appended to
 * them as `Set-Cookie`, replacing one this library appended before. Without `Headers`
 * (e.g. in a proxy that only reads) the session is read-only.
 */
const fetchCarrier: Carrier<Request, Headers | undefined> = {
  readCookie(request, name) {
    return cookieFromHeader(request.headers.get("cookie"), name);
  },
  recall(request, options, headers) {
    // First thing on every load: a Headers object is one response's, never shared.
    if (headers !== undefined) claimResponseHeaders(headers, request);
    return recall(request, options, headers);
  },
  remember,
  forget,
  writeCookie(headers, name, value, cookie) {
    if (headers === undefined) {
      throw new Error(
        "next-session: this session is read-only, because getSession(request) was given no Headers to put its cookie on. Call getSession(request, responseHeaders) and send those headers with the response.",
      );
    }
    const setCookie = serializeSessionCookie(name, value, cookie);
    removeSetCookie(headers, trackSessionCookie(headers, name, setCookie));
    headers.append("set-cookie", setCookie);
  },
  retractCookie(headers, name) {
    if (headers !== undefined) removeSetCookie(headers, untrackSessionCookie(headers, name));
  },
};

function isFetchHeaders(headers: unknown): headers is Headers {
  return typeof (headers as Headers | undefined)?.get === "function";
}

/**
 * `getSession(request, headers?)`: Route Handlers, the proxy, Hono, Bun, Deno, workers.
 * Nothing is saved by itself: there is no response end to hook.
 */
export const fetchHost: Host<Request, Headers | undefined> = {
  matches: (input) => isFetchHeaders((input as { headers?: unknown } | undefined)?.headers),
  bind: () => ({
    carrier: fetchCarrier,
    outputOf: (_request, headers) => headers as Headers | undefined,
    autoCommit: false,
    afterLoad: shouldWatchCommits() ? watchCommit : undefined,
  }),
};
