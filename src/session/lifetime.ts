import type { Cookie } from "../types.js";

/**
 * The lifetime, in seconds, a session's cookie may have: its own `maxAge` (a record's, or one
 * the app set on `session.cookie`) when that is shorter than the configured one, else the
 * configured one. The option is an upper bound, so that shortening it reaches every session,
 * including those saved before; undefined when neither is set (a browser-session cookie).
 */
export function boundedMaxAge(own: unknown, configured: number | undefined): number | undefined {
  const usable = typeof own === "number" && Number.isFinite(own) ? own : undefined;
  if (usable === undefined) return configured;
  return configured === undefined ? usable : Math.min(usable, configured);
}

/** A stored date as a `Date`: stores that keep JSON give it back as a string. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Servers' clocks differ a little: an expiry that far beyond the lifetime still counts as
 * within it, so that a session saved by a server whose clock runs ahead is not rewritten.
 */
const CLOCK_SKEW_MS = 5000;

/**
 * Whether a cookie expires later than its `maxAge` from now allows: the record was saved
 * under a longer lifetime than the one that applies now, and must be brought in.
 */
export function outlivesMaxAge(cookie: Cookie, now: number): boolean {
  return (
    cookie.expires !== undefined &&
    cookie.maxAge !== undefined &&
    cookie.expires.getTime() > now + cookie.maxAge * 1000 + CLOCK_SKEW_MS
  );
}

/**
 * When a session touched at `now` expires, in ms: `maxAge` seconds later, but never past
 * `deadline`, its absolute timeout, when it has one.
 */
export function expiryFrom(now: number, maxAge: number, deadline: number | undefined): Date {
  const idle = now + maxAge * 1000;
  return new Date(deadline !== undefined && deadline < idle ? deadline : idle);
}

/**
 * Whether a cookie expires at the session's absolute timeout or later: touching it cannot
 * move its expiry, and one that is later (the timeout was set or shortened since the
 * session was saved) must be brought in (`outlivesDeadline`).
 */
export function reachesDeadline(cookie: Cookie, deadline: number | undefined): boolean {
  return (
    deadline !== undefined && cookie.expires !== undefined && cookie.expires.getTime() >= deadline
  );
}

export function outlivesDeadline(cookie: Cookie, deadline: number | undefined): boolean {
  return (
    deadline !== undefined && cookie.expires !== undefined && cookie.expires.getTime() > deadline
  );
}
