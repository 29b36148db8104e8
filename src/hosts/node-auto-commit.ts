import type { ServerResponse } from "node:http";
import { fieldsChanged } from "../session/changes.js";
import { reportStoreError, storeError } from "../session/errors.js";
import {
  hasFields,
  requestOf,
  type SessionState,
  stateOf,
  writeSessionCookie,
} from "../session/session.js";
import type { Session } from "../types.js";
import { keepSessionCookies } from "./node.js";

/** What the end of a response must do with the store for one session. */
export type CommitAction = "save" | "touch" | "none";

/**
 * The save-or-touch decision. A changed session is saved; an unchanged one that was
 * touched is only touched (a cheaper write) when the store can, and saved otherwise so
 * that its new expiry is not lost. A session that never held data is never stored.
 */
export function planCommit(
  state: Pick<SessionState, "destroyed" | "isNew" | "touched">,
  changed: boolean,
  storeCanTouch: boolean,
): CommitAction {
  if (state.destroyed) return "none";
  if (changed) return "save";
  if (state.touched && !state.isNew) return storeCanTouch ? "touch" : "save";
  return "none";
}

/** Whether the response must carry the session cookie when its headers go out. */
function shouldSendCookie(session: Session): boolean {
  const state = stateOf(session);
  // destroy() writes its expired cookie itself.
  if (state.destroyed) return false;
  return state.isNew ? hasFields(session) : state.touched;
}

const kAutoCommit = Symbol("next-session.autoCommit");

interface AutoCommit {
  /** Usually one; more when a session is started again after destroy() in one response. */
  readonly sessions: Session[];
  readonly writeHead: (...args: unknown[]) => ServerResponse;
  readonly end: (...args: unknown[]) => ServerResponse;
  /** "saving": the first end() is waiting for the store before the real end runs. */
  phase: "open" | "saving" | "ended";
}

type AutoCommitResponse = ServerResponse & { [kAutoCommit]: AutoCommit };

function reportCommitError(session: Session, action: CommitAction, cause: unknown): void {
  const state = stateOf(session);
  // "none": the fields could not even be serialised (a BigInt, a cycle) for store.set().
  const call = action === "touch" ? "store.touch()" : "store.set()";
  reportStoreError(
    state.options,
    requestOf(state),
    storeError(call, "while ending the response", cause),
  );
}

/** Starts the store write for one session; resolves (never rejects) once it is done. */
function persist(session: Session): Promise<void> | undefined {
  const state = stateOf(session);
  const { pending } = state;
  if (pending !== undefined) {
    // commit(), destroy() or regenerate() is still at the store: decide once it is done,
    // from the state it leaves (a committed session needs no second write).
    state.pending = undefined;
    return pending.then(() => persist(session));
  }
  const { store } = state.options;
  let action: CommitAction = "none";
  try {
    const changed = !state.destroyed && fieldsChanged(session, state.savedFields);
    action = planCommit(state, changed, typeof store.touch === "function");
    if (action === "none") return undefined;
    const write =
      action === "touch" ? store.touch?.(state.id, session) : store.set(state.id, session);
    return Promise.resolve(write).then(undefined, (error: unknown) =>
      reportCommitError(session, action, error),
    );
  } catch (error) {
    // A store that throws instead of rejecting, or fields that cannot be serialised.
    reportCommitError(session, action, error);
    return undefined;
  }
}

function persistAll(sessions: readonly Session[]): Promise<unknown> | undefined {
  if (sessions.length === 1) return persist(sessions[0] as Session);
  const writes = sessions.map(persist).filter((write) => write !== undefined);
  return writes.length === 0 ? undefined : Promise.all(writes);
}

function writeHeadWithSession(this: AutoCommitResponse, ...args: unknown[]): ServerResponse {
  const autoCommit = this[kAutoCommit];
  for (const session of autoCommit.sessions) {
    if (shouldSendCookie(session)) writeSessionCookie(stateOf(session), session);
  }
  // As Node reads writeHead(status, message?, headers?): the third argument is the headers
  // when the second is a string or the third is given.
  const third = args[2];
  const headersIndex =
    typeof args[1] === "string" || (third !== undefined && third !== null) ? 2 : 1;
  const headers = args[headersIndex];
  if (typeof headers === "object" && headers !== null) {
    args[headersIndex] = keepSessionCookies(this, headers as Record<string, unknown>);
  }
  return autoCommit.writeHead.apply(this, args);
}

function endWithSession(this: AutoCommitResponse, ...args: unknown[]): ServerResponse {
  const autoCommit = this[kAutoCommit];
  // A second end() while the store is still writing is dropped; once the response has
  // really ended, Node's own end() answers it as it always does.
  if (autoCommit.phase === "saving") return this;
  if (autoCommit.phase === "ended") return autoCommit.end.apply(this, args);
  const pending = persistAll(autoCommit.sessions);
  if (pending === undefined) {
    autoCommit.phase = "ended";
    return autoCommit.end.apply(this, args);
  }
  autoCommit.phase = "saving";
  // The response ends only once the session is stored, so the client's next request
  // (and a serverless platform that freezes after the response) sees the saved session.
  void pending.then(() => {
    autoCommit.phase = "ended";
    try {
      autoCommit.end.apply(this, args);
    } catch (error) {
      // Node's end() throws for bad arguments (a number as the chunk). Called directly, that
      // reaches the handler; here nobody could catch it, so it would be an unhandled
      // rejection ending the process, and the client would wait for ever.
      console.error("next-session: res.end() threw once the session was saved", error);
      this.destroy(error as Error);
    }
  });
  return this;
}

/**
 * Saves the session and sets its cookie when the response goes out, by wrapping
 * `res.writeHead` and `res.end` once per response. The wrappers are shared functions
 * that find their state on the response, so nothing is allocated for them per request.
 */
export function installAutoCommit(session: Session, res: ServerResponse): void {
  const response = res as AutoCommitResponse;
  const existing = response[kAutoCommit] as AutoCommit | undefined;
  if (existing !== undefined) {
    existing.sessions.push(session);
    return;
  }
  response[kAutoCommit] = {
    sessions: [session],
    writeHead: res.writeHead as AutoCommit["writeHead"],
    end: res.end as AutoCommit["end"],
    phase: "open",
  };
  res.writeHead = writeHeadWithSession as ServerResponse["writeHead"];
  res.end = endWithSession as ServerResponse["end"];
}
