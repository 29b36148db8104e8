import { encodeSessionId } from "../cookie/session-id.js";
import type { Session, SessionData } from "../types.js";
import { snapshotFields } from "./changes.js";
import { reportStoreError, storeError } from "./errors.js";
import { boundedMaxAge, expiryFrom } from "./lifetime.js";
import { deadlineOf } from "./metadata.js";
import { forgetOwner } from "./owner-index.js";
import { capabilitiesOf, planCommit } from "./policy.js";
import { type SessionState, stateOf } from "./state.js";
import {
  foundGone,
  keepOnlyRequestChanges,
  markGone,
  planSave,
  runSave,
  storeCallOf,
} from "./store-writes.js";

/**
 * Puts the session cookie on the response, the way the request's host does it: on the
 * session's own output, unless the caller has the very response object in hand.
 */
export function writeSessionCookie(
  state: SessionState,
  session: SessionData,
  output: unknown = state.output,
): void {
  const { host, options } = state;
  host.carrier.writeCookie(
    output,
    options.name,
    encodeSessionId(state.id, options),
    session.cookie,
  );
}

/**
 * Chains `work` after the store work this session already started, so that `regenerate()`
 * and `destroy()` wait for it, on every host. With auto-commit the response waits for the
 * chain too, and a failure reaches `onError` even when nobody awaited the promise; elsewhere
 * the caller owns the promise and its failure.
 */
function trackWork(
  state: SessionState,
  method: string,
  call: string,
  work: Promise<void>,
): Promise<void> {
  const settled = work.then(
    undefined,
    state.host.autoCommit
      ? (error: unknown) =>
          reportStoreError(state, storeError(call, `in session.${method}()`, error))
      : ignoreFailure,
  );
  const before = state.pending;
  state.pending = before === undefined ? settled : before.then(() => settled);
  return work;
}

function ignoreFailure(): void {}

function touch(this: Session): void {
  const state = stateOf(this);
  const cookie = this.cookie;
  // Without a maxAge the cookie lasts for the browser session: there is no date to move,
  // but the store is still told, so that it can extend its own expiry.
  const maxAge = boundedMaxAge(cookie.maxAge, state.options.maxAge);
  if (maxAge !== undefined) {
    cookie.maxAge = maxAge;
    cookie.expires = expiryFrom(state.now, maxAge, deadlineOf(state.options, state.created));
  }
  state.touched = true;
}

/** Saves the session now, as `commit()` asks, once the store work before it is done. */
async function saveNow(
  state: SessionState,
  session: Session,
  earlier: Promise<void> | undefined,
): Promise<void> {
  if (earlier !== undefined) await earlier;
  // After destroy() the cookie is already expired and the record gone: saving now would
  // bring the record back.
  if (state.destroyed) return;
  const planned = planSave(state, session, true);
  const fields = snapshotFields(session);
  const { id } = state;
  // The cookie first: where it cannot be set (a read-only session) nothing reaches the store.
  writeSessionCookie(state, session);
  const result = await runSave(state, session, planned);
  // regenerate() or destroy() ran meanwhile and owns the cookie and the id now: the old id
  // is theirs to remove (regenerate() also handles its record being gone), and the new id
  // still needs its own save.
  if (state.id !== id || state.destroyed) return;
  if (foundGone(planned, result)) {
    state.host.carrier.retractCookie(state.output, state.options.name, session.cookie);
    return markGone(state, session);
  }
  state.savedFields = fields;
  state.isNew = false;
  state.mustSave = false;
  state.touched = false;
}

function commit(this: Session): Promise<void> {
  const state = stateOf(this);
  const action = planCommit(state, false, capabilitiesOf(state.options.store), true);
  return trackWork(state, "commit", storeCallOf(action), saveNow(state, this, state.pending));
}

/**
 * Makes the synchronous changes of destroy() or regenerate(), then sets the cookie that
 * carries them. When the cookie cannot be set (a read-only session), the changes are undone
 * before the error goes on, so that a rejected call leaves the session as it was.
 */
function changeWithCookie(state: SessionState, session: Session, change: () => void): void {
  const { id, isNew, mustSave, touched, destroyed, created } = state;
  const cookie = session.cookie as { maxAge?: number; expires?: Date };
  const { maxAge, expires } = cookie;
  change();
  try {
    writeSessionCookie(state, session);
  } catch (error) {
    Object.assign(state, { id, isNew, mustSave, touched, destroyed, created });
    if (maxAge === undefined) delete cookie.maxAge;
    else cookie.maxAge = maxAge;
    if (expires === undefined) delete cookie.expires;
    else cookie.expires = expires;
    throw error;
  }
}

async function removeFromStore(
  state: SessionState,
  session: Session,
  earlier: Promise<void> | undefined,
): Promise<void> {
  // Marked first and synchronously: a response ended without awaiting destroy() must still
  // expire the cookie and must not save the session again.
  changeWithCookie(state, session, () => {
    state.destroyed = true;
    (session.cookie as { expires?: Date }).expires = new Date(0);
  });
  state.host.carrier.forget(state.input, session);
  // A commit() still at the store may yet write the record: remove it after that.
  if (earlier !== undefined) await earlier;
  await state.options.store.destroy(state.id);
  await forgetOwner(state, state.id, "in session.destroy()");
}

function destroy(this: Session): Promise<void> {
  const state = stateOf(this);
  return trackWork(
    state,
    "destroy",
    "store.destroy()",
    removeFromStore(state, this, state.pending),
  );
}

async function moveToNewId(
  state: SessionState,
  session: Session,
  earlier: Promise<void> | undefined,
): Promise<void> {
  const oldId = state.id;
  // A commit() still at the store may yet write the old id: wait for it, then remove it.
  const wasStored = !state.isNew || earlier !== undefined;
  const wasLoaded = !state.isNew && !state.mustSave;
  // Everything but the store calls happens now, so that a response ended without awaiting
  // regenerate() already carries the new id.
  // A new id is a new session for its absolute timeout and for listings: created now.
  changeWithCookie(state, session, () => {
    state.id = state.options.genid();
    state.isNew = false;
    state.mustSave = true;
    state.created = state.now;
    session.touch();
  });
  if (earlier !== undefined) await earlier;
  if (!wasStored) return;
  const removed = await state.options.store.destroy(oldId);
  await forgetOwner(state, oldId, "in session.regenerate()");
  // Destroyed meanwhile (a logout elsewhere): its data must not live on under the new id.
  if (removed === false && wasLoaded) keepOnlyRequestChanges(state, session);
}

function regenerate(this: Session): Promise<void> {
  const state = stateOf(this);
  if (state.destroyed) {
    return Promise.reject(
      new Error(
        "next-session: regenerate() was called on a destroyed session; call getSession() again for a new session",
      ),
    );
  }
  return trackWork(state, "regenerate", "store.destroy()", moveToNewId(state, this, state.pending));
}

function getId(this: Session): string {
  return stateOf(this).id;
}

// Shared by every session: defining them allocates nothing per request. One defineProperty
// each is cheaper than Object.defineProperties with a descriptor map.
const ID = { get: getId, configurable: true };
const TOUCH = { value: touch, configurable: true };
const COMMIT = { value: commit, configurable: true };
const DESTROY = { value: destroy, configurable: true };
const REGENERATE = { value: regenerate, configurable: true };

/** Gives `data` the session's methods, non-enumerable so that they never reach a store. */
export function defineSessionMethods(data: SessionData): Session {
  Object.defineProperty(data, "id", ID);
  Object.defineProperty(data, "touch", TOUCH);
  Object.defineProperty(data, "commit", COMMIT);
  Object.defineProperty(data, "destroy", DESTROY);
  Object.defineProperty(data, "regenerate", REGENERATE);
  return data as Session;
}
