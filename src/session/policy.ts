import type { ResolvedOptions } from "../options.js";
import type { Cookie, SessionData, SessionStore } from "../types.js";
import type { SessionState } from "./state.js";

/** What a save must do with the store for one session. */
export type CommitAction = "set" | "patch" | "touch" | "none";

/** The optional store methods a save can use. */
export interface StoreCapabilities {
  readonly touch: boolean;
  readonly patch: boolean;
}

export function capabilitiesOf(store: SessionStore): StoreCapabilities {
  return { touch: typeof store.touch === "function", patch: typeof store.patch === "function" };
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

/** Whether a stored session whose cookie expires at `expires` has ended by `now`. */
export function hasEnded(
  expires: Date | undefined,
  options: ResolvedOptions,
  now: number,
): boolean {
  return expires !== undefined && expires.getTime() <= now && !storeJudgesExpiry(options);
}

/**
 * The save decision. A session the store does not hold under its id (new, or just
 * regenerated) is written whole with `set`, once it holds data or its id changed. A session
 * loaded from the store is written only when something changed (its fields, or its expiry
 * when touched) or the caller asks (`explicit`, as `commit()` does): with `patch` when the
 * store has it, so that only this request's changes reach the record and a destroyed record
 * stays destroyed; otherwise whole with `set`, or with `touch` when only the expiry moved.
 */
export function planCommit(
  state: Pick<SessionState, "destroyed" | "isNew" | "mustSave" | "touched">,
  changed: boolean,
  store: StoreCapabilities,
  explicit = false,
): CommitAction {
  if (state.destroyed) return "none";
  if (state.isNew || state.mustSave) return explicit || changed || state.mustSave ? "set" : "none";
  if (!explicit && !changed && !state.touched) return "none";
  if (store.patch) return "patch";
  if (explicit || changed) return "set";
  return store.touch ? "touch" : "set";
}

/**
 * Whether a session holds any user field, which is when a new session earns a cookie.
 * Checked by key, so that it is cheap and cannot throw while headers are being written
 * (serialising may throw, e.g. on a BigInt).
 */
function hasFields(session: SessionData): boolean {
  for (const key of Object.keys(session)) if (key !== "cookie") return true;
  return false;
}

/** Whether the response must carry the session cookie when its headers go out. */
export function shouldSendCookie(
  state: Pick<SessionState, "destroyed" | "isNew" | "touched">,
  session: SessionData,
): boolean {
  // destroy() writes its expired cookie itself.
  if (state.destroyed) return false;
  return state.isNew ? hasFields(session) : state.touched;
}

/**
 * `touchAfter`: a session is touched once at least that long has passed since it was last
 * touched, which is when its expiry was last set to `maxAge` from then.
 */
export function isDueForTouch(cookie: Cookie, touchAfterMs: number, now: number): boolean {
  if (touchAfterMs < 0 || cookie.expires === undefined) return false;
  const lastTouched = cookie.expires.getTime() - cookie.maxAge * 1000;
  return now - lastTouched >= touchAfterMs;
}
