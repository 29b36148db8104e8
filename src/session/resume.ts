import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session, SessionData } from "../types.js";
import { snapshotFields } from "./changes.js";
import { newState, type RequestContext, toSession } from "./create.js";
import {
  boundedMaxAge,
  expiryFrom,
  outlivesDeadline,
  outlivesMaxAge,
  reachesDeadline,
  toDate,
} from "./lifetime.js";
import { deadlineOf, takeMetadata } from "./metadata.js";
import { hasEnded, isDueForTouch } from "./policy.js";
import { canAttachState } from "./state.js";

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
function resume(record: unknown, id: string, context: RequestContext): Session | undefined {
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

/**
 * The session a store's record holds, or undefined when it is not a usable live session
 * (see `resume`). A record that cannot be read through (a getter that throws, nesting
 * too deep to serialise) counts as unusable like any other: the request gets a fresh session
 * rather than an error that no client could get past.
 */
export function resumeSession(
  record: unknown,
  id: string,
  context: RequestContext,
): Session | undefined {
  try {
    return resume(record, id, context);
  } catch {
    return undefined;
  }
}
