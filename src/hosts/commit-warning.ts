import { fieldsChanged } from "../session/changes.js";
import { stateOf } from "../session/state.js";
import type { Session } from "../types.js";

/**
 * How long a session loaded without a response hook may stay changed and uncommitted
 * before it counts as forgotten. Long enough that a handler that is merely slow (a database
 * call, an upstream fetch) commits in time; short enough to show up while testing. It is
 * also the shortest time between two warnings.
 */
const UNCOMMITTED_WARNING_MS = 5000;

/**
 * Sessions watched per period of `UNCOMMITTED_WARNING_MS`; the rest of a burst goes
 * unwatched. A forgotten commit is a mistake in a route, which its next request shows again,
 * so a sample finds it, and a development server under load keeps a short list.
 */
const MAX_WATCHED_PER_PERIOD = 100;

/**
 * Whether to watch for forgotten commits: only when `NODE_ENV` is "development" (as `next
 * dev` sets it), so that servers that leave `NODE_ENV` unset pay nothing. Runtimes without
 * `process` count as production.
 */
export function shouldWatchCommits(): boolean {
  return (
    typeof process !== "undefined" &&
    process.env.NODE_ENV === "development" &&
    typeof WeakRef === "function"
  );
}

/**
 * The sessions loaded in the current period, and in the one before, which are checked when
 * the current one ends: 5 to 10 s after they were loaded. Held weakly: a session the app has
 * let go of (and with it its request and headers) is not kept alive for the check.
 */
let loadedNow: WeakRef<Session>[] = [];
let loadedBefore: WeakRef<Session>[] = [];
let periodTimer: unknown;

function isUncommitted(session: Session): boolean {
  const state = stateOf(session);
  if (state.destroyed) return false;
  // regenerate() sent the new id's cookie and removed the old record: until a save, the
  // new id names nothing, whatever the fields.
  if (state.mustSave) return true;
  try {
    const changed = fieldsChanged(session, state.savedFields);
    // fieldsChanged serialises object fields only: check that the rest serialises too.
    if (changed) JSON.stringify(session);
    return changed;
  } catch {
    // Fields that cannot be serialised fail loudly in commit(); nothing to add here.
    return false;
  }
}

function warnForgotten(count: number): void {
  const which = count === 1 ? "a session was" : `${count} sessions were`;
  console.warn(
    `next-session: ${which} changed but not saved within ${UNCOMMITTED_WARNING_MS / 1000} s of loading. Sessions from a Request or a cookie store are never saved automatically: call \`await session.commit()\` before returning the response (this warning is printed only when NODE_ENV is "development", at most once per ${UNCOMMITTED_WARNING_MS / 1000} s).`,
  );
}

function startPeriod(): void {
  const timer: unknown = setTimeout(endPeriod, UNCOMMITTED_WARNING_MS);
  (timer as { unref?: () => void }).unref?.();
  periodTimer = timer;
}

function endPeriod(): void {
  let forgotten = 0;
  for (const ref of loadedBefore) {
    const session = ref.deref();
    if (session !== undefined && isUncommitted(session)) forgotten += 1;
  }
  loadedBefore = loadedNow;
  loadedNow = [];
  periodTimer = undefined;
  if (loadedBefore.length > 0) startPeriod();
  if (forgotten > 0) warnForgotten(forgotten);
}

/**
 * Watches a session that no response hook will commit: if it is still changed and not
 * committed (or changed again after) 5 to 10 s later, one warning per period says how many
 * were, rather than letting the changes be lost silently. The timer never keeps the process
 * alive.
 */
export function watchCommit(session: Session): void {
  if (loadedNow.length >= MAX_WATCHED_PER_PERIOD) return;
  loadedNow.push(new WeakRef(session));
  if (periodTimer === undefined) startPeriod();
}
