import { decodeSessionId } from "../cookie/session-id.js";
import type { BoundHost } from "../hosts/host.js";
import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session, SessionData } from "../types.js";
import { type FieldsSnapshot, NO_FIELDS, snapshotFields } from "./changes.js";
import { storeError } from "./errors.js";
import {
  boundedMaxAge,
  expiryFrom,
  outlivesDeadline,
  outlivesMaxAge,
  reachesDeadline,
  toDate,
} from "./lifetime.js";
import {
  deadlineOf,
  metadataFor,
  ownerOf,
  type SessionMetadata,
  takeMetadata,
} from "./metadata.js";
import { defineSessionMethods } from "./methods.js";
import { forgetOwner } from "./owner-index.js";
import { capabilitiesOf, hasEnded, isDueForTouch } from "./policy.js";
import { attachState, canAttachState, type SessionState, stateOf } from "./state.js";
import { foundGone, runSave, storeCallOf } from "./store-writes.js";

type RequestContext = Pick<SessionState, "options" | "host" | "input" | "output" | "now">;

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
function newState(
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

function toSession(data: SessionData, state: SessionState): Session {
  const session = defineSessionMethods(data);
  attachState(session, state);
  return session;
}

/** A session that is not in the store yet: only a cookie built from the options. */
function createSession(context: RequestContext): Session {
  const state = newState(context, context.options.genid(), true, NO_FIELDS, undefined);
  return toSession({ cookie: createCookie(context) }, state);
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
  deadline: number | undefined,
): Cookie | undefined {
  const cookie = (
    typeof stored === "object" && stored !== null && !Array.isArray(stored) ? stored : {}
  ) as Cookie;
  const expires = toDate(cookie.expires);
  if (hasEnded(expires, options, now)) return undefined;
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
    lifetime.expires = expiryFrom(now, maxAge, deadline);
  } else if (expires === undefined) {
    delete lifetime.expires;
  } else if (lifetime.expires !== expires) {
    lifetime.expires = expires;
  }
  return cookie;
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
 * options have changed (other attributes, or an expiry beyond a shortened `maxAge` or past
 * the absolute timeout) is touched, so that the browser and the store get the cookie as
 * configured now. A due touch that could not move the expiry (already at the absolute
 * timeout) is skipped: it would only cost a write.
 */
function resumeSession(record: unknown, id: string, context: RequestContext): Session | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const data = ownRecord(record as SessionData);
  const { options, now } = context;
  const metadata = options.keepsMetadata ? takeMetadata(data) : undefined;
  const deadline = deadlineOf(options, metadata === undefined ? now : metadata.created);
  const stale = !hasConfiguredAttributes(data.cookie, options);
  const cookie = resumeCookie(data.cookie, context, stale, deadline);
  if (cookie === undefined) return undefined;
  data.cookie = cookie;
  const session = toSession(data, newState(context, id, false, snapshotFields(data), metadata));
  const lapsed = cookie.expires !== undefined && cookie.expires.getTime() <= now;
  if (
    stale ||
    lapsed ||
    outlivesMaxAge(cookie, now) ||
    outlivesDeadline(cookie, deadline) ||
    (isDueForTouch(cookie, options.touchAfterMs, now) && !reachesDeadline(cookie, deadline))
  ) {
    session.touch();
  }
  return session;
}

/** Ends a session past its absolute timeout: its record and its owner's index entry go. */
async function endSession(state: SessionState): Promise<undefined> {
  const { options, id } = state;
  const where = "while ending a session past its absolute timeout";
  try {
    await options.store.destroy(id);
  } catch (cause) {
    throw storeError("store.destroy()", where, cause);
  }
  await forgetOwner(state, id, where);
  return undefined;
}

/** Writes the metadata of a loaded session; resolves undefined when its record is gone. */
async function saveMetadata(state: SessionState, session: Session): Promise<Session | undefined> {
  const action = capabilitiesOf(state.options.store).patch ? "patch" : "set";
  const planned = { action, changes: undefined, metadata: metadataFor(state, session) } as const;
  try {
    return foundGone(planned, await runSave(state, session, planned)) ? undefined : session;
  } catch (cause) {
    throw storeError(storeCallOf(action), "while saving the session's metadata", cause);
  }
}

/**
 * The store work that loading a session needs for its metadata (only when the options keep
 * it), or undefined: none, the usual case. A session past its absolute timeout ends, and
 * the work resolves undefined for a new session to take its place. A record without
 * metadata (saved before the options were set), or whose owner is no longer the one its
 * fields give, is written at once, so that its creation time counts from now on even if no
 * request of it ever saves (a page that only reads it).
 */
function metadataWork(session: Session): Promise<Session | undefined> | undefined {
  const state = stateOf(session);
  const { options, now, metadata } = state;
  const deadline = deadlineOf(options, state.created);
  if (deadline !== undefined && deadline <= now) return endSession(state);
  if (metadata !== undefined && metadata.owner === ownerOf(options, session)) return undefined;
  return saveMetadata(state, session);
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
  let session: Session | undefined;
  if (id !== undefined) {
    let record: unknown;
    try {
      record = await options.store.get(id);
    } catch (cause) {
      throw storeError("store.get()", "while loading the session", cause);
    }
    session = resumeReadableSession(record, id, context);
    if (session !== undefined && options.keepsMetadata) {
      const work = metadataWork(session);
      if (work !== undefined) session = await work;
    }
    // Another call of this request may have loaded the session while this one waited for the
    // store: every caller must get that one, or the fields set on the other would be lost.
    const loaded = carrier.recall(input, options, output);
    if (loaded !== undefined) return loaded;
  }
  session ??= createSession(context);
  carrier.remember(input, session, options, output);
  host.afterLoad?.(session, output);
  return session;
}
