import type { Cookie, SessionData } from "../types.js";
import type { SessionState } from "./state.js";

/** What the end of a response must do with the store for one session. */
export type CommitAction = "save" | "touch" | "none";

/**
 * The save-or-touch decision. A changed session (or one whose id just changed) is saved; an
 * unchanged one that was touched is only touched (a cheaper write) when the store can, and
 * saved otherwise so that its new expiry is not lost. A session that never held data is
 * never stored.
 */
export function planCommit(
  state: Pick<SessionState, "destroyed" | "isNew" | "mustSave" | "touched">,
  changed: boolean,
  storeCanTouch: boolean,
): CommitAction {
  if (state.destroyed) return "none";
  if (changed || state.mustSave) return "save";
  if (state.touched && !state.isNew) return storeCanTouch ? "touch" : "save";
  return "none";
}

/**
 * Whether a session holds any user field, which is when a new session earns a cookie.
 * Checked by key, so that it is cheap and cannot throw while headers are being written
 * (serialising may throw, e.g. on a BigInt).
 */
export function hasFields(session: SessionData): boolean {
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
