import type { ServerResponse } from "node:http";
import { installAutoCommit } from "./auto-commit.js";
import { readSessionId } from "./cookie.js";
import { resolveOptions } from "./options.js";
import { createSession, resumeSession, type SessionRequest } from "./session.js";
import { createSigner } from "./signature.js";
import { storeError } from "./store-error.js";
import type { Options, Session, SessionRecord } from "./types.js";

/** Loads (or starts) the session of a request. Returned by `nextSession()`. */
export type GetSession<T extends SessionRecord = SessionRecord> = (
  req: SessionRequest<T>,
  res: ServerResponse,
) => Promise<Session<T>>;

/**
 * Creates `getSession(req, res)` for the given options, which are validated here, once:
 * a bad option throws a `TypeError` naming it.
 *
 * @example
 * export const getSession = nextSession({ cookie: { maxAge: 60 * 60 * 24 } });
 * // in a handler
 * const session = await getSession(req, res);
 * session.views = (session.views ?? 0) + 1;
 */
export function nextSession<T extends SessionRecord = SessionRecord>(
  options?: Options,
): GetSession<T> {
  const resolved = resolveOptions(options, createSigner);

  return async function getSession(req, res) {
    if (req.session) return req.session;
    const context = { options: resolved, req: req as SessionRequest, res, now: Date.now() };
    const id = readSessionId(req.headers, resolved);
    let record: unknown;
    if (id !== undefined) {
      try {
        record = await resolved.store.get(id);
      } catch (cause) {
        throw storeError("store.get()", "while loading the session", cause);
      }
    }
    const session =
      (id !== undefined && resumeSession(record, id, context)) || createSession(context);
    req.session = session as Session<T>;
    if (resolved.autoCommit) installAutoCommit(res, session);
    return session as Session<T>;
  };
}
