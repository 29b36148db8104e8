import { decodeSessionId } from "../cookie/session-id.js";
import type { BoundHost } from "../hosts/host.js";
import type { ResolvedOptions } from "../options.js";
import type { Session } from "../types.js";
import { createSession, type RequestContext } from "./create.js";
import { storeError } from "./errors.js";
import { deadlineOf, metadataFor, ownerOf } from "./metadata.js";
import { forgetOwner } from "./owner-index.js";
import { capabilitiesOf } from "./policy.js";
import { resumeSession } from "./resume.js";
import { type SessionState, stateOf } from "./state.js";
import { foundGone, runSave, storeCallOf } from "./store-writes.js";

/** Ends a session past its absolute timeout: its record and its owner's index entry go. */
async function endSession(state: SessionState): Promise<undefined> {
  const { options, id } = state;
  const where = "while ending a session past its absolute timeout";
  try {
    await options.store.destroy(id);
  } catch (cause) {
    throw storeError("store.destroy()", where, cause);
  }
  await forgetOwner(state, id, where);
  return undefined;
}

/** Writes the metadata of a loaded session; resolves undefined when its record is gone. */
async function saveMetadata(state: SessionState, session: Session): Promise<Session | undefined> {
  const action = capabilitiesOf(state.options.store).patch ? "patch" : "set";
  const planned = { action, changes: undefined, metadata: metadataFor(state, session) } as const;
  try {
    return foundGone(planned, await runSave(state, session, planned)) ? undefined : session;
  } catch (cause) {
    throw storeError(storeCallOf(action), "while saving the session's metadata", cause);
  }
}

/**
 * The store work that loading a session needs for its metadata (only when the options keep
 * it), or undefined: none, the usual case. A session past its absolute timeout ends, and
 * the work resolves undefined for a new session to take its place. A record without
 * metadata (saved before the options were set), or whose owner is no longer the one its
 * fields give, is written at once, so that its creation time counts from now on even if no
 * request of it ever saves (a page that only reads it).
 */
function metadataWork(session: Session): Promise<Session | undefined> | undefined {
  const state = stateOf(session);
  const { options, now, metadata } = state;
  const deadline = deadlineOf(options, state.created);
  if (deadline !== undefined && deadline <= now) return endSession(state);
  if (metadata !== undefined && metadata.owner === ownerOf(options, session)) return undefined;
  return saveMetadata(state, session);
}

/**
 * The session of a request: the one already loaded for it, else the one whose id its cookie
 * carries, else a new one. The one load path for every host, in one async function so that a
 * request costs a single promise here.
 */
export async function loadSession<Input extends object, Output>(
  options: ResolvedOptions,
  host: BoundHost<Input, Output>,
  input: Input,
  output: Output,
): Promise<Session> {
  const { carrier } = host;
  const known = carrier.recall(input, options, output);
  if (known !== undefined) return known;
  const context: RequestContext = {
    options,
    host: host as BoundHost,
    input,
    output,
    now: Date.now(),
  };
  const id = decodeSessionId(carrier.readCookie(input, options.name), options);
  let session: Session | undefined;
  if (id !== undefined) {
    let record: unknown;
    try {
      record = await options.store.get(id);
    } catch (cause) {
      throw storeError("store.get()", "while loading the session", cause);
    }
    session = resumeSession(record, id, context);
    if (session !== undefined && options.keepsMetadata) {
      const work = metadataWork(session);
      if (work !== undefined) session = await work;
    }
    // Another call of this request may have loaded the session while this one waited for the
    // store: every caller must get that one, or the fields set on the other would be lost.
    const loaded = carrier.recall(input, options, output);
    if (loaded !== undefined) return loaded;
  }
  session ??= createSession(context);
  carrier.remember(input, session, options, output);
  host.afterLoad?.(session, output);
  return session;
}
