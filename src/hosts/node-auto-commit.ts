import type { ServerResponse } from "node:http";
import { reportStoreError, storeError } from "../session/errors.js";
import { writeSessionCookie } from "../session/methods.js";
import { type CommitAction, shouldSendCookie } from "../session/policy.js";
import { type SessionState, stateOf } from "../session/state.js";
import {
  foundGone,
  markGone,
  type PlannedSave,
  planSave,
  runSave,
  storeCallOf,
} from "../session/store-writes.js";
import type { Session } from "../types.js";
import { trackedSessionCookies } from "./tracked-cookies.js";

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

/**
 * Reports a save at the response's end that failed: `action` "none" when it failed before
 * any store call, while it was planned, which serialises the fields and calls the `owner`
 * option (when set).
 */
function reportCommitError(session: Session, action: CommitAction, cause: unknown): void {
  const state = stateOf(session);
  const what =
    state.options.owner === undefined
      ? "the session could not be serialised"
      : 'the session could not be serialised, or the "owner" option threw,';
  const error =
    action === "none"
      ? new Error(`next-session: ${what} while ending the response`, { cause })
      : storeError(storeCallOf(action), "while ending the response", cause);
  reportStoreError(state, error);
}

/**
 * Writes one session to the store as the end of its response requires, deciding from the
 * state it is in now; resolves (never rejects) once it is done, or returns undefined when
 * there is nothing to write.
 */
function writeOnResponseEnd(state: SessionState, session: Session): Promise<void> | undefined {
  let planned: PlannedSave;
  try {
    planned = planSave(state, session, false);
  } catch (error) {
    reportCommitError(session, "none", error);
    return undefined;
  }
  const { action } = planned;
  if (action === "none") return undefined;
  let write: Promise<unknown> | undefined;
  try {
    write = runSave(state, session, planned);
  } catch (error) {
    // A store that throws instead of rejecting.
    reportCommitError(session, action, error);
    return undefined;
  }
  return Promise.resolve(write).then(
    (result) => {
      if (foundGone(planned, result)) markGone(state, session);
    },
    (error: unknown) => reportCommitError(session, action, error),
  );
}

/**
 * The save of one session at the end of its response, after the store work that commit(),
 * destroy() or regenerate() started (a committed session then needs no second write). It
 * becomes the session's pending work in turn, so that a destroy() or regenerate() called
 * after res.end() waits for it rather than letting it land afterwards and write back a
 * session just removed. Never rejects; undefined when there is nothing to wait for.
 */
function saveOnResponseEnd(session: Session): Promise<void> | undefined {
  const state = stateOf(session);
  const earlier = state.pending;
  const save =
    earlier === undefined
      ? writeOnResponseEnd(state, session)
      : earlier.then(() => writeOnResponseEnd(state, session));
  if (save !== undefined) state.pending = save;
  return save;
}

function saveAllOnResponseEnd(sessions: readonly Session[]): Promise<unknown> | undefined {
  if (sessions.length === 1) return saveOnResponseEnd(sessions[0] as Session);
  const writes = sessions.map(saveOnResponseEnd).filter((write) => write !== undefined);
  return writes.length === 0 ? undefined : Promise.all(writes);
}

/**
 * Applies headers given to `writeHead()` to the response the way Node does (they replace
 * headers of the same name; a name repeated in the flat array form adds values), so that
 * from here on the response holds every header and the session cookie can be added to them.
 * Returns false, applying nothing, for a shape Node refuses: Node then throws as usual.
 */
function applyHeaders(res: ServerResponse, headers: object): boolean {
  if (!Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers)) {
      if (name) res.setHeader(name, value as string | string[]);
    }
    return true;
  }
  if (headers.length % 2 !== 0) return false;
  for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]));
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1] as string | string[]);
  }
  return true;
}

/** Puts back the session cookies written earlier that a `Set-Cookie` in `writeHead()` replaced. */
function restoreSessionCookies(res: ServerResponse): void {
  const ours = trackedSessionCookies(res);
  if (ours === undefined) return;
  const current = res.getHeader("set-cookie");
  const present = Array.isArray(current) ? current : current === undefined ? [] : [String(current)];
  for (const cookie of ours) if (!present.includes(cookie)) res.appendHeader("set-cookie", cookie);
}

function writeHeadWithSession(this: AutoCommitResponse, ...args: unknown[]): ServerResponse {
  const autoCommit = this[kAutoCommit];
  // Node reads writeHead(status, message?, headers?): the headers come second when no
  // message is given.
  const [status, second, third] = args;
  const message = typeof second === "string" ? second : undefined;
  const headers = message === undefined ? (third ?? second) : third;
  if (typeof headers === "object" && headers !== null) {
    if (!applyHeaders(this, headers)) return autoCommit.writeHead.apply(this, args);
    restoreSessionCookies(this);
  }
  // On `this`, the response being written, rather than the `res` the session was loaded
  // with: in `next dev`, getServerSideProps is given a proxy of `res` that warns on every
  // access once it has resolved, which is before Next.js writes the headers.
  for (const session of autoCommit.sessions) {
    const state = stateOf(session);
    if (shouldSendCookie(state, session)) writeSessionCookie(state, session, this);
  }
  return message === undefined
    ? autoCommit.writeHead.call(this, status)
    : autoCommit.writeHead.call(this, status, message);
}

function endWithSession(this: AutoCommitResponse, ...args: unknown[]): ServerResponse {
  const autoCommit = this[kAutoCommit];
  // A second end() while the store is still writing is dropped; once the response has
  // really ended, Node's own end() answers it as it always does.
  if (autoCommit.phase === "saving") return this;
  if (autoCommit.phase === "ended") return autoCommit.end.apply(this, args);
  const pending = saveAllOnResponseEnd(autoCommit.sessions);
  if (pending === undefined) {
    autoCommit.phase = "ended";
    return autoCommit.end.apply(this, args);
  }
  autoCommit.phase = "saving";
  // The response ends only once the session is stored, so the client's next request (and a
  // serverless platform that freezes after the response) sees the saved session.
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
 * `res.writeHead` and `res.end` once per response. The wrappers are shared functions that
 * find their state on the response, so nothing is allocated for them per request.
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
