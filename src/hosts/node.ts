import type { IncomingMessage, ServerResponse } from "node:http";
import { cookieFromHeader, serializeSessionCookie } from "../cookie/cookie.js";
import type { Session, SessionRecord } from "../types.js";
import type { Carrier, Host } from "./host.js";
import { installAutoCommit } from "./node-auto-commit.js";
import { trackSessionCookie, untrackSessionCookie } from "./tracked-cookies.js";

/** A request that `getSession` has seen: the session is also put on `req.session`. */
export type SessionRequest<T extends SessionRecord = SessionRecord> = IncomingMessage & {
  session?: Session<T> | undefined;
};

/** The response's Set-Cookie values, less the one this library wrote, `ours`. */
function setCookiesWithout(res: ServerResponse, ours: string | undefined): string[] {
  const current = res.getHeader("set-cookie");
  if (current === undefined) return [];
  const all = Array.isArray(current) ? current : [String(current)];
  return ours === undefined ? all : all.filter((header) => header !== ours);
}

/**
 * Node's `req`/`res`: the session is kept on `req.session` and the cookie goes into `res`'s
 * `Set-Cookie` header, next to the cookies set by others. Only types come from `node:http`,
 * so this module loads in any runtime.
 */
export const nodeCarrier: Carrier<SessionRequest, ServerResponse> = {
  readCookie(req, name) {
    return cookieFromHeader(req.headers?.cookie, name);
  },
  // Whatever `req.session` holds, whichever instance put it there.
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
    const others = setCookiesWithout(res, trackSessionCookie(res, name, setCookie));
    res.setHeader("set-cookie", others.length === 0 ? setCookie : [...others, setCookie]);
  },
  retractCookie(res, name) {
    if (res.headersSent) return;
    const others = setCookiesWithout(res, untrackSessionCookie(res, name));
    if (others.length === 0) res.removeHeader("set-cookie");
    else res.setHeader("set-cookie", others);
  },
};

/**
 * `getSession(req, res)`: Pages API routes, `getServerSideProps`, Express, micro, `node:http`.
 * It is the fallback host, tried last: anything the others do not claim is taken for a
 * Node request, and a missing `req` rejects when its cookie is read, as it did in 4.0.5.
 */
export const nodeHost: Host<SessionRequest, ServerResponse> = {
  matches: () => true,
  bind: ({ autoCommit }) => ({
    carrier: nodeCarrier,
    outputOf: (_req, res) => res as ServerResponse,
    autoCommit,
    afterLoad: autoCommit ? installAutoCommit : undefined,
  }),
};
