import type { BoundHost } from "../hosts/host.js";
import type { ResolvedOptions } from "../options.js";
import { privateStamp } from "../private-stamp.js";
import type { Session } from "../types.js";
import type { FieldsSnapshot } from "./changes.js";
import type { SessionMetadata } from "./metadata.js";

/** Everything a session knows about its request; kept off the enumerable fields. */
export interface SessionState {
  id: string;
  readonly options: ResolvedOptions;
  /** How this request's host reads and writes the cookie, and whether its response end saves. */
  readonly host: BoundHost;
  /** What the cookie came in with: `req`, a `Request` or a cookie store. */
  readonly input: object;
  /** Where the cookie goes out: `res`, `Headers` or a cookie store. */
  readonly output: unknown;
  /** Request time in ms: every expiry computed for this request starts here. */
  readonly now: number;
  /** Not yet in the store under its current id. */
  isNew: boolean;
  /** Must be written at the next save even without fields: its id just changed. */
  mustSave: boolean;
  touched: boolean;
  destroyed: boolean;
  /** The user fields as the store last had them: none for a new session. */
  savedFields: FieldsSnapshot;
  /**
   * When the session's current id was issued, in ms: the start of its absolute timeout.
   * Only read when `options.keepsMetadata`.
   */
  created: number;
  /**
   * The metadata as the store holds it under the current id: undefined when the store holds
   * none (a new or regenerated session, a record saved without it, or the options unset).
   */
  metadata: SessionMetadata | undefined;
  /**
   * The store work of this session so far (commit(), destroy(), regenerate(), and the save
   * at the response's end), which never rejects: the next store work waits for it, and
   * with auto-commit so does the response.
   */
  pending: Promise<void> | undefined;
}

/** The state of each session, stamped onto the user's object. */
const stateStamp = privateStamp<SessionState>();

/**
 * Whether `attachState` can stamp `value`: a frozen or sealed object cannot take the field,
 * and an object can carry only one state (a store that hands back the very object it was
 * given would otherwise offer a live session).
 */
export function canAttachState(value: object): boolean {
  return Object.isExtensible(value) && !stateStamp.has(value);
}

/** Stamps `state` onto `target`, which `canAttachState` accepted. */
export function attachState(target: object, state: SessionState): void {
  stateStamp.attach(target, state);
}

/**
 * The state behind `value` when it is a session returned by `getSession`, else undefined
 * (whatever else a request may carry, e.g. another middleware's `req.session`).
 */
export function sessionStateOf(value: unknown): SessionState | undefined {
  return typeof value === "object" && value !== null && stateStamp.has(value)
    ? stateStamp.of(value)
    : undefined;
}

/** The state behind a session returned by `getSession`. */
export function stateOf(session: Session): SessionState {
  return stateStamp.of(session);
}
