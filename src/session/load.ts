import { decodeSessionId } from "../cookie/session-id.js";
import type { BoundHost } from "../hosts/host.js";
import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session, SessionData } from "../types.js";
import { type FieldsSnapshot, NO_FIELDS, snapshotFields } from "./changes.js";
import { storeError } from "./errors.js";
import { defineSessionMethods } from "./methods.js";
import { isDueForTouch } from "./policy.js";
import { attachState, canAttachState, type SessionState } from "./state.js";

type RequestContext = Pick<SessionState, "options" | "host" | "input" | "output" | "now">;

function createCookie({ options, now }: RequestContext): Cookie {
  const { maxAge, cookie } = options;
  // Written out rather than spread: this runs for every new session.
  const { path, httpOnly, domain, sameSite, secure } = cookie;
  if (maxAge === undefined) return { path, httpOnly, domain, sameSite, secure };
  const expires = new Date(now + maxAge * 1000);
  return { path, httpOnly, domain, sameSite, secure, maxAge, expires };
}

/**
 * A session's state, written out property by property rather than spread from `context`:
 * every state then has one shape from the start, which keeps it cheap on the hot path.
 */
function newState(
  context: RequestContext,
  id: string,
  isNew: boolean,
  savedFields: FieldsSnapshot,
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
    pending: undefined,
  };
}

function toSession(data: SessionData, state: SessionState): Session {
  const session = defineSessionMethods(data);
  attachState(session, state);
  return session;
}

/** A session that is not in the store yet: only a cookie built from the options. */
function createSession(context: RequestContext): Session {
  const state = newState(context, context.options.genid(), true, NO_FIELDS);
  return toSession({ cookie: createCookie(context) }, state);
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The record as an object the session can live on: the store's own object when it can take
 * the session's methods and state, else a copy (a frozen record, or one the store handed out
 * before and so already carries a session), so that such a store still keeps its sessions.
 */
function ownRecord(record: SessionData): SessionData {
  const cookie: unknown = record.cookie;
  const cookieIsObject = typeof cookie === "object" && cookie !== null;
  if (canAttachState(record) && (!cookieIsObject || Object.isExtensible(cookie))) return record;
  const copy = { ...record };
  if (cookieIsObject) copy.cookie = { ...(cookie as Cookie) };
  return copy;
}

/**
 * Turns what a store returned into a session, or returns undefined when the record is not
 * a usable live session (not an object, or already expired). Stores that keep JSON give
 * `cookie.expires` back as a string: it becomes a `Date` again.
 */
function resumeSession(record: unknown, id: string, context: RequestContext): Session | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const data = ownRecord(record as SessionData);
  const cookie = data.cookie as Cookie | undefined;
  if (typeof cookie !== "object" || cookie === null) {
    data.cookie = createCookie(context);
  } else if (cookie.expires !== undefined) {
    const expires = toDate(cookie.expires);
    if (expires === undefined) delete (cookie as { expires?: Date }).expires;
    else if (expires.getTime() <= context.now) return undefined;
    else cookie.expires = expires;
  }
  const session = toSession(data, newState(context, id, false, snapshotFields(data)));
  if (isDueForTouch(session.cookie, context.options.touchAfterMs, context.now)) session.touch();
  return session;
}

/**
 * The session of a request: the one already loaded for it, else the one whose id its cookie
 * carries, else a new one. The one load path for every host, in one async function so that a
 * request costs a single promise here.
 */
export async function loadSession<Input extends object, Output>(
  options: ResolvedOptions,
  host: BoundHost<Input, Output>,
  input: Input,
  output: Output,
): Promise<Session> {
  const { carrier } = host;
  const known = carrier.recall(input, options, output);
  if (known !== undefined) return known;
  const context: RequestContext = {
    options,
    host: host as BoundHost,
    input,
    output,
    now: Date.now(),
  };
  const id = decodeSessionId(carrier.readCookie(input, options.name), options);
  let record: unknown;
  if (id !== undefined) {
    try {
      record = await options.store.get(id);
    } catch (cause) {
      throw storeError("store.get()", "while loading the session", cause);
    }
  }
  const session =
    (id !== undefined && resumeSession(record, id, context)) || createSession(context);
  carrier.remember(input, session, options, output);
  host.afterLoad?.(session, output);
  return session;
}
