import type { Cookie, Session, SessionData } from "../types.js";
import { type FieldsSnapshot, NO_FIELDS } from "./changes.js";
import { expiryFrom } from "./lifetime.js";
import { deadlineOf, type SessionMetadata } from "./metadata.js";
import { defineSessionMethods } from "./methods.js";
import { attachState, type SessionState } from "./state.js";

/** What every session of one request is made with. */
export type RequestContext = Pick<SessionState, "options" | "host" | "input" | "output" | "now">;

function createCookie({ options, now }: RequestContext): Cookie {
  const { maxAge, cookie } = options;
  // Written out rather than spread: this runs for every new session.
  const { path, httpOnly, domain, sameSite, secure } = cookie;
  if (maxAge === undefined) return { path, httpOnly, domain, sameSite, secure };
  const expires = expiryFrom(now, maxAge, deadlineOf(options, now));
  return { path, httpOnly, domain, sameSite, secure, maxAge, expires };
}

/**
 * A session's state, written out property by property rather than spread from `context`:
 * every state then has one shape from the start, which keeps it cheap on the hot path.
 */
export function newState(
  context: RequestContext,
  id: string,
  isNew: boolean,
  savedFields: FieldsSnapshot,
  metadata: SessionMetadata | undefined,
): SessionState {
  return {
    id,
    options: context.options,
    host: context.host,
    input: context.input,
    output: context.output,
    now: context.now,
    isNew,
    mustSave: false,
    touched: false,
    destroyed: false,
    savedFields,
    created: metadata === undefined ? context.now : metadata.created,
    metadata,
    pending: undefined,
  };
}

/** Makes `data` a session: the session's methods, and `state` behind them. */
export function toSession(data: SessionData, state: SessionState): Session {
  const session = defineSessionMethods(data);
  attachState(session, state);
  return session;
}

/** A session that is not in the store yet: only a cookie built from the options. */
export function createSession(context: RequestContext): Session {
  const state = newState(context, context.options.genid(), true, NO_FIELDS, undefined);
  return toSession({ cookie: createCookie(context) }, state);
}
