import { fieldsChanged } from "../session/changes.js";
import { stateOf } from "../session/state.js";
import type { Session } from "../types.js";

/**
 * How long a session loaded without a response hook may stay changed and uncommitted
 * before a warning is printed. Long enough that a handler that is merely slow (a database
 * call, an upstream fetch) commits in time; short enough to show up while testing.
 */
const UNCOMMITTED_WARNING_MS = 5000;

/**
 * Whether to watch for forgotten commits: in development only, where the timer per
 * request costs nothing that matters. Runtimes without `process` count as production.
 */
export function shouldWatchCommits(): boolean {
  return typeof process !== "undefined" && process.env.NODE_ENV !== "production";
}

function warnIfUncommitted(session: Session): void {
  const state = stateOf(session);
  if (state.destroyed) return;
  let changed: boolean;
  try {
    changed = fieldsChanged(session, state.savedFields);
    // fieldsChanged serialises object fields only: check that the rest serialises too.
    if (changed) JSON.stringify(session);
  } catch {
    // Fields that cannot be serialised fail loudly in commit(); nothing to add here.
    return;
  }
  if (!changed) return;
  console.warn(
    `next-session: a session was changed but not saved within ${UNCOMMITTED_WARNING_MS / 1000} s of loading it. Sessions from a Request or a cookie store are never saved automatically: call \`await session.commit()\` before returning the response (this warning is not printed when NODE_ENV is "production").`,
  );
}

/**
 * Schedules one check of a session that no response hook will commit: if it was changed
 * and never committed (or changed again after), a warning says so rather than letting the
 * change be lost silently. The timer never keeps the process alive.
 */
export function watchCommit(session: Session): void {
  const timer: unknown = setTimeout(warnIfUncommitted, UNCOMMITTED_WARNING_MS, session);
  (timer as { unref?: () => void }).unref?.();
}
