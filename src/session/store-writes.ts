import type { Session, SessionData, SessionPatch, SessionStore } from "../types.js";
import { type FieldChanges, fieldChanges, fieldsChanged, NO_FIELDS } from "./changes.js";
import { deadlineOf, METADATA_KEY, metadataFor, type SessionMetadata } from "./metadata.js";
import { indexCall, ownerIndexOf } from "./owner-index.js";
import { type CommitAction, capabilitiesOf, planCommit } from "./policy.js";
import type { SessionState } from "./state.js";

/**
 * A save as planned: what to do, for "patch" the fields it carries, and the metadata to
 * store with the session (only when the options keep metadata).
 */
export interface PlannedSave {
  readonly action: CommitAction;
  readonly changes: FieldChanges | undefined;
  readonly metadata: SessionMetadata | undefined;
}

const NO_SAVE: PlannedSave = { action: "none", changes: undefined, metadata: undefined };

/** The store call an action makes, as errors name it. */
export function storeCallOf(action: CommitAction): string {
  return action === "none" ? "no store call" : `store.${action}()`;
}

/**
 * Plans a save of `session`: `explicit` for `commit()`, which always writes. Throws what
 * serialising an object field throws, and what the `owner` option throws or wrongly returns.
 */
export function planSave(state: SessionState, session: Session, explicit: boolean): PlannedSave {
  // Nothing of a destroyed session is written, so nothing of it is serialised either.
  if (state.destroyed) return NO_SAVE;
  const capabilities = capabilitiesOf(state.options.store);
  const loaded = !state.isNew && !state.mustSave;
  let action: CommitAction;
  let changes: FieldChanges | undefined;
  if (loaded && capabilities.patch) {
    changes = fieldChanges(session, state.savedFields);
    action = planCommit(state, changes !== undefined, capabilities, explicit);
  } else {
    action = planCommit(state, fieldsChanged(session, state.savedFields), capabilities, explicit);
  }
  const metadata =
    action !== "none" && state.options.keepsMetadata ? metadataFor(state, session) : undefined;
  return { action, changes, metadata };
}

/** The record a store gets: the session, plus its metadata when the options keep it. */
function recordOf(session: Session, metadata: SessionMetadata | undefined): SessionData {
  return metadata === undefined ? session : { ...session, [METADATA_KEY]: metadata };
}

/**
 * The patch of a planned save. With metadata, it carries no whole session: the session
 * object lacks the metadata, and a copy with it is not the record a store handed out, which
 * is what a store may write whole instead of patching (see `SessionPatch.session`).
 */
function patchOf(
  state: SessionState,
  session: Session,
  { changes, metadata }: PlannedSave,
): SessionPatch {
  const set = changes?.set ?? [];
  const unset = changes?.unset ?? [];
  if (metadata !== undefined) {
    const withMetadata = [...set, [METADATA_KEY, metadata] as const];
    return state.touched
      ? { set: withMetadata, unset, cookie: session.cookie }
      : { set: withMetadata, unset };
  }
  return state.touched ? { set, unset, cookie: session.cookie, session } : { set, unset, session };
}

/** Makes the store call a save planned, under `id`; see `runSave`. */
function writeRecord(
  state: SessionState,
  id: string,
  session: Session,
  planned: PlannedSave,
): Promise<unknown> | undefined {
  const store: SessionStore = state.options.store;
  switch (planned.action) {
    case "set":
      return store.set(id, recordOf(session, planned.metadata));
    case "touch":
      return store.touch?.(id, recordOf(session, planned.metadata));
    case "patch":
      return store.patch?.(id, patchOf(state, session, planned));
    case "none":
      return undefined;
  }
}

/** Whether the store answered a planned save by saying that the session's record is gone. */
export function foundGone({ action }: PlannedSave, result: unknown): boolean {
  return action === "patch" && result === false;
}

const WHILE_SAVING = "while saving the session";

/**
 * Whether the owner's index entry must be written before this save: the id is not in the
 * store yet (new, regenerated), the owner is new, or the expiry moved (or there is none, and
 * the store's own lifetime restarts at each write).
 */
function needsIndexEntry(state: SessionState, owner: string, expiresAt: number | undefined) {
  return (
    state.isNew ||
    state.mustSave ||
    state.touched ||
    state.metadata?.owner !== owner ||
    expiresAt === undefined
  );
}

/**
 * A save with metadata, and the owner index kept around it in the order that keeps the
 * index holding at least every live session of an owner: an entry is added before the
 * write that needs it, and one is removed only after the write or removal that made it
 * stale. Nothing is removed that another request could still be about to write: a record
 * found gone stays gone, since `patch` never recreates one.
 */
async function saveWithMetadata(
  state: SessionState,
  session: Session,
  planned: PlannedSave,
  metadata: SessionMetadata,
): Promise<unknown> {
  const { id } = state;
  const index = ownerIndexOf(state.options.store);
  const before = state.metadata?.owner;
  const { owner } = metadata;
  const expiresAt = session.cookie.expires?.getTime() ?? deadlineOf(state.options, state.created);
  const added =
    index !== undefined && owner !== undefined && needsIndexEntry(state, owner, expiresAt);
  if (added) await indexCall("add", WHILE_SAVING, () => index.add(owner, id, expiresAt));
  const result = await writeRecord(state, id, session, planned);
  const live = !foundGone(planned, result);
  if (live) state.metadata = metadata;
  if (index === undefined) return result;
  const stale = new Set<string>();
  if (before !== undefined && (!live || before !== owner)) stale.add(before);
  if (added && !live) stale.add(owner);
  for (const gone of stale) {
    await indexCall("remove", WHILE_SAVING, () => index.remove(gone, id));
  }
  return result;
}

/**
 * Makes the store call a save planned, with the session's metadata and its owner's index
 * entry when the options keep them, and returns its promise (none for "none"). Without
 * metadata it throws what a store throws instead of rejecting. See `foundGone` for what the
 * promise resolves to.
 */
export function runSave(
  state: SessionState,
  session: Session,
  planned: PlannedSave,
): Promise<unknown> | undefined {
  const { metadata } = planned;
  return metadata === undefined
    ? writeRecord(state, state.id, session, planned)
    : saveWithMetadata(state, session, planned, metadata);
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
