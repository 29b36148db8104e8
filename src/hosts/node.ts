import type { ServerResponse } from "node:http";
import {
  cookieFromHeader,
  serializeSessionCookie,
  trackedSessionCookies,
  trackSessionCookie,
} from "../cookie/cookie.js";
import type { SessionRequest } from "../session/session.js";
import type { Carrier } from "./carrier.js";

/**
 * Node's `req`/`res`, as next-session 4 used them: the session is kept on `req.session`
 * and the cookie goes into `res`'s `Set-Cookie` header, next to the cookies set by others.
 * Only types come from `node:http`, so this module loads in any runtime.
 */
export const nodeCarrier: Carrier<SessionRequest, ServerResponse> = {
  readCookie(req, name) {
    return cookieFromHeader(req.headers?.cookie, name);
  },
  // As in next-session 4: whatever `req.session` holds, whichever instance put it there.
  recall(req) {
    return req.session || undefined;
  },
  remember(req, session) {
    req.session = session;
  },
  forget(req, session) {
    if (req.session === session) delete req.session;
  },
  writeCookie(res, name, value, cookie) {
    // Once the headers are out, a cookie can no longer be sent; the store is still written.
    if (res.headersSent) return;
    const setCookie = serializeSessionCookie(name, value, cookie);
    const previous = trackSessionCookie(res, name, setCookie);
    const current = res.getHeader("set-cookie");
    if (current === undefined) {
      res.setHeader("set-cookie", setCookie);
      return;
    }
    const others = (Array.isArray(current) ? current : [String(current)]).filter(
      (header) => header !== previous,
    );
    res.setHeader("set-cookie", others.length === 0 ? setCookie : [...others, setCookie]);
  },
};

type OutgoingHeaders = Record<string, unknown> | unknown[];

/**
 * Headers passed to `res.writeHead()` replace those set before with the same name, so a
 * `Set-Cookie` given there would silently drop the session cookie. Returns the headers
 * with our cookies added to theirs (a copy: the caller's object is left alone).
 */
export function keepSessionCookies(res: ServerResponse, headers: OutgoingHeaders): OutgoingHeaders {
  const ours = trackedSessionCookies(res);
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
    return [...rest, "set-cookie", [...cookies.flat(), ...ours]];
  }
  const key = Object.keys(headers).find((name) => name.toLowerCase() === "set-cookie");
  if (key === undefined) return headers;
  const theirs = headers[key];
  const list = theirs === undefined ? [] : Array.isArray(theirs) ? theirs : [String(theirs)];
  return { ...headers, [key]: [...list, ...ours] };
}
