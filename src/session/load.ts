import { decodeSessionId } from "../cookie/session-id.js";
import type { BoundHost } from "../hosts/host.js";
import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session, SessionData } from "../types.js";
import { type FieldsSnapshot, NO_FIELDS, snapshotFields } from "./changes.js";
import { storeError } from "./errors.js";
import { boundedMaxAge, outlivesMaxAge } from "./lifetime.js";
import { defineSessionMethods } from "./methods.js";
import { capabilitiesOf, isDueForTouch } from "./policy.js";
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
 * The cookie of a loaded session, or undefined when it has expired. The attributes are the
 * configured ones whatever the record holds, so that hardening the options (HttpOnly,
 * Secure, SameSite) reaches every session; only the lifetime comes from the record: its
 * expiry, and its `maxAge` where that is shorter than the configured one. Stores that keep
 * JSON give `expires` back as a string: it becomes a `Date` again. Written into the
 * record's own cookie object, which keeps whatever else it holds.
 */
function resumeCookie(
  stored: unknown,
  { options, now }: RequestContext,
  stale: boolean,
): Cookie | undefined {
  const cookie = (
    typeof stored === "object" && stored !== null && !Array.isArray(stored) ? stored : {}
  ) as Cookie;
  const expires = toDate(cookie.expires);
  if (expires !== undefined && expires.getTime() <= now && !storeJudgesExpiry(options)) {
    return undefined;
  }
  // Written only where they differ: a record saved under these options (the usual case)
  // keeps its shape, which keeps every later read of it on V8's fast path.
  if (stale) {
    const { path, httpOnly, domain, sameSite, secure } = options.cookie;
    cookie.path = path;
    cookie.httpOnly = httpOnly;
    cookie.domain = domain;
    cookie.sameSite = sameSite;
    cookie.secure = secure;
  }
  const lifetime = cookie as { maxAge?: number; expires?: Date };
  const maxAge = boundedMaxAge(cookie.maxAge, options.maxAge);
  if (maxAge === undefined) delete lifetime.maxAge;
  else if (lifetime.maxAge !== maxAge) lifetime.maxAge = maxAge;
  // A record without an expiry under a configured maxAge starts one, as a new session does.
  if (expires === undefined && maxAge !== undefined) {
    lifetime.expires = new Date(now + maxAge * 1000);
  } else if (expires === undefined) {
    delete lifetime.expires;
  } else if (lifetime.expires !== expires) {
    lifetime.expires = expires;
  }
  return cookie;
}

/**
 * Whether the store, rather than the record's `cookie.expires`, says when a session ends.
 * express-session's stores (connect-redis, connect-pg-simple) keep an expiry of their own
 * that their `touch` moves, leaving the stored `cookie.expires` as it was written: with
 * rolling sessions (`touchAfter`), such a record can be live past that date.
 */
function storeJudgesExpiry({ store, touchAfterMs }: ResolvedOptions): boolean {
  const { touch, patch } = capabilitiesOf(store);
  return touchAfterMs >= 0 && touch && !patch;
}

/** Whether a stored cookie already has the configured attributes, which the browser then has. */
function hasConfiguredAttributes(stored: unknown, { cookie }: ResolvedOptions): boolean {
  const attributes = stored as Partial<Cookie> | null | undefined;
  return (
    typeof attributes === "object" &&
    attributes !== null &&
    attributes.path === cookie.path &&
    attributes.httpOnly === cookie.httpOnly &&
    attributes.secure === cookie.secure &&
    attributes.domain === cookie.domain &&
    attributes.sameSite === cookie.sameSite
  );
}

/**
 * Turns what a store returned into a session, or returns undefined when the record is not
 * a usable live session (not an object, or already expired). A session whose cookie the
 * options have changed (other attributes, or an expiry beyond a shortened `maxAge`) is
 * touched, so that the browser and the store get the cookie as configured now.
 */
function resumeSession(record: unknown, id: string, context: RequestContext): Session | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const data = ownRecord(record as SessionData);
  const { options, now } = context;
  const stale = !hasConfiguredAttributes(data.cookie, options);
  const cookie = resumeCookie(data.cookie, context, stale);
  if (cookie === undefined) return undefined;
  data.cookie = cookie;
  const session = toSession(data, newState(context, id, false, snapshotFields(data)));
  const lapsed = cookie.expires !== undefined && cookie.expires.getTime() <= now;
  if (
    stale ||
    lapsed ||
    outlivesMaxAge(cookie, now) ||
    isDueForTouch(cookie, options.touchAfterMs, now)
  ) {
    session.touch();
  }
  return session;
}

/**
 * `resumeSession`, where a record that cannot be read through (a getter that throws, nesting
 * too deep to serialise) counts as unusable like any other: the request gets a fresh session
 * rather than an error that no client could get past.
 */
function resumeReadableSession(
  record: unknown,
  id: string,
  context: RequestContext,
): Session | undefined {
  try {
    return resumeSession(record, id, context);
  } catch {
    return undefined;
  }
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
    (id !== undefined && resumeReadableSession(record, id, context)) || createSession(context);
  carrier.remember(input, session, options, output);
  host.afterLoad?.(session, output);
  return session;
}
