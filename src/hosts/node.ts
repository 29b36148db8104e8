import type { IncomingMessage, ServerResponse } from "node:http";
import { cookieFromHeader, serializeSessionCookie } from "../cookie/cookie.js";
import { sessionStateOf } from "../session/state.js";
import type { Session, SessionRecord } from "../types.js";
import type { Carrier, Host } from "./host.js";
import { installAutoCommit } from "./node-auto-commit.js";
import { forget, recall, remember } from "./request-sessions.js";
import { trackSessionCookie, untrackSessionCookie } from "./tracked-cookies.js";

/**
 * A request that `getSession` has seen: the session is also put on `req.session`, unless
 * that already holds another one (another `nextSession()` instance's, or another
 * middleware's).
 */
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
const nodeCarrier: Carrier<SessionRequest, ServerResponse> = {
  readCookie(req, name) {
    return cookieFromHeader(req.headers?.cookie, name);
  },
  // `req.session` holds the session of the first instance to load one; another instance's
  // (or another middleware's) is never taken for this one's.
  recall(req, options, res) {
    const { session } = req;
    if (sessionStateOf(session)?.options === options) return session;
    return recall(req, options, res);
  },
  remember(req, session, options, res) {
    if (req.session) remember(req, session, options, res);
    else req.session = session;
  },
  forget(req, session) {
    if (req.session === session) delete req.session;
    else forget(req, session);
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
 * Node request, and a missing `req` makes `getSession` reject when its cookie is read.
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
