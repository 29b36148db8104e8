import type { Session, SessionPatch, SessionStore } from "../types.js";
import { type FieldChanges, fieldChanges, fieldsChanged, NO_FIELDS } from "./changes.js";
import { type CommitAction, capabilitiesOf, planCommit } from "./policy.js";
import type { SessionState } from "./state.js";

/** A save as planned: what to do, and for "patch" the fields it carries. */
export interface PlannedSave {
  readonly action: CommitAction;
  readonly changes: FieldChanges | undefined;
}

/** The store call an action makes, as errors name it. */
export function storeCallOf(action: CommitAction): string {
  return action === "none" ? "no store call" : `store.${action}()`;
}

/**
 * Plans a save of `session`: `explicit` for `commit()`, which always writes. Throws what
 * serialising an object field throws.
 */
export function planSave(state: SessionState, session: Session, explicit: boolean): PlannedSave {
  const capabilities = capabilitiesOf(state.options.store);
  const loaded = !state.isNew && !state.mustSave;
  if (loaded && capabilities.patch) {
    const changes = fieldChanges(session, state.savedFields);
    return { action: planCommit(state, changes !== undefined, capabilities, explicit), changes };
  }
  const changed = !state.destroyed && fieldsChanged(session, state.savedFields);
  return { action: planCommit(state, changed, capabilities, explicit), changes: undefined };
}

function patchOf(
  state: SessionState,
  session: Session,
  changes: FieldChanges | undefined,
): SessionPatch {
  const set = changes?.set ?? [];
  const unset = changes?.unset ?? [];
  return state.touched ? { set, unset, cookie: session.cookie, session } : { set, unset, session };
}

/**
 * Makes the store call a save planned, and returns its promise (none for "none"). Throws what
 * a store throws instead of rejecting. See `foundGone` for what the promise resolves to.
 */
export function runSave(
  state: SessionState,
  session: Session,
  { action, changes }: PlannedSave,
): Promise<unknown> | undefined {
  const store: SessionStore = state.options.store;
  switch (action) {
    case "set":
      return store.set(state.id, session);
    case "touch":
      return store.touch?.(state.id, session);
    case "patch":
      return store.patch?.(state.id, patchOf(state, session, changes));
    case "none":
      return undefined;
  }
}

/** Whether the store answered a planned save by saying that the session's record is gone. */
export function foundGone({ action }: PlannedSave, result: unknown): boolean {
  return action === "patch" && result === false;
}

/**
 * The session's record is gone: another request destroyed or regenerated it, or it expired.
 * Nothing of it is written again, and no cookie is sent for its id.
 */
export function markGone(state: SessionState, session: Session): void {
  state.destroyed = true;
  state.host.carrier.forget(state.input, session);
}

/**
 * The record a session was loaded from vanished before `regenerate()` moved it: what came
 * from that record is dropped, and only what this request set moves to the new id.
 */
export function keepOnlyRequestChanges(state: SessionState, session: Session): void {
  const changes = fieldChanges(session, state.savedFields);
  const changed = new Set(changes?.set.map(([key]) => key));
  const fields = session as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== "cookie" && !changed.has(key)) delete fields[key];
  }
  state.savedFields = NO_FIELDS;
}
