import type { IncomingMessage } from "node:http";
import { decodeSessionId, encodeSessionId } from "../cookie/cookie.js";
import type { AnyCarrier, Carrier } from "../hosts/carrier.js";
import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session, SessionData, SessionRecord } from "../types.js";
import { type FieldsSnapshot, MUST_SAVE, NO_FIELDS, snapshotFields } from "./changes.js";
import { reportStoreError, storeError } from "./errors.js";

/** A request that `getSession` has seen: the session is also put on `req.session`. */
export type SessionRequest<T extends SessionRecord = SessionRecord> = IncomingMessage & {
  session?: Session<T> | undefined;
};

/** Everything a session knows about its request; kept off the enumerable fields. */
export interface SessionState {
  id: string;
  readonly options: ResolvedOptions;
  /** How this request's host reads and writes the cookie (see `Carrier`). */
  readonly carrier: AnyCarrier;
  /** What the cookie came in with: `req`, a `Request` or a cookie store. */
  readonly input: object;
  /** Where the cookie goes out: `res`, `Headers` or a cookie store. */
  readonly output: unknown;
  /**
   * Whether the end of a Node response saves this session (`getSession(req, res)` with
   * `autoCommit`); then `input` is that response's `req`.
   */
  readonly autoCommit: boolean;
  /** Request time in ms: every expiry computed for this request starts here. */
  readonly now: number;
  /** Not yet in the store. */
  isNew: boolean;
  touched: boolean;
  destroyed: boolean;
  /** The user fields as the store last had them: none for a new session. */
  savedFields: FieldsSnapshot;
  /** Store work of commit()/destroy()/regenerate() that auto-commit must wait for. */
  pending: Promise<void> | undefined;
}

/** A constructor that returns the object it is given, so that a subclass can stamp it. */
class Stamped {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point of this class: see StateSlot.
    return target as Stamped;
  }
}

/**
 * Keeps a session's state in a private field stamped onto the user's object. A private
 * field is invisible to `Object.keys`, spread, JSON and symbol enumeration, like the
 * non-enumerable symbol property it replaces, but V8 adds it on the fast path, where a
 * `defineProperty` per request cost about half a microsecond.
 */
class StateSlot extends Stamped {
  readonly #state: SessionState;

  constructor(target: object, state: SessionState) {
    super(target);
    this.#state = state;
  }

  static of(session: object): SessionState {
    return (session as StateSlot).#state;
  }
}

/** The state behind a session returned by `getSession`. */
export function stateOf(session: Session): SessionState {
  return StateSlot.of(session);
}

/**
 * Whether a session holds any user field, which is when a new session earns a cookie.
 * Checked by key, as 4.0.5 did, so that it is cheap and cannot throw while headers are
 * being written (serialising may throw, e.g. on a BigInt).
 */
export function hasFields(session: SessionData): boolean {
  for (const key of Object.keys(session)) if (key !== "cookie") return true;
  return false;
}

/** Puts the session cookie on the response, the way the request's host does it. */
export function writeSessionCookie(state: SessionState, session: SessionData): void {
  const { carrier, options } = state;
  carrier.writeCookie(
    state.output,
    options.name,
    encodeSessionId(state.id, options),
    session.cookie,
  );
}

/** The Node request of a session that auto-commit saves, for `onError`. */
export function requestOf(state: SessionState): IncomingMessage {
  // `autoCommit` is only ever true for sessions from getSession(req, res).
  return state.input as IncomingMessage;
}

function touch(this: Session): void {
  const state = stateOf(this);
  const cookie = this.cookie;
  // Without a usable maxAge the cookie lasts for the browser session: there is no date to
  // move (a store may hold anything there), but the store is still told, so that it can
  // extend its own expiry.
  if (typeof cookie.maxAge === "number" && Number.isFinite(cookie.maxAge)) {
    cookie.expires = new Date(state.now + cookie.maxAge * 1000);
  }
  state.touched = true;
}

/**
 * With auto-commit, the response waits for store work the user started, so that the
 * client never sees a response before its session is stored, and a failure reaches
 * `onError` even when nobody awaited the promise (which then cannot become an unhandled
 * rejection, since the response handles it). Without auto-commit the caller owns it.
 */
function joinResponse(
  state: SessionState,
  method: string,
  call: string,
  work: Promise<void>,
): Promise<void> {
  if (!state.autoCommit) return work;
  const settled = work.then(undefined, (error: unknown) =>
    reportStoreError(
      state.options,
      requestOf(state),
      storeError(call, `in session.${method}()`, error),
    ),
  );
  const before = state.pending;
  state.pending = before === undefined ? settled : before.then(() => settled);
  return work;
}

async function save(state: SessionState, session: Session): Promise<void> {
  // After destroy() the cookie is already expired and the record gone; saving now
  // would bring the record back.
  if (state.destroyed) return;
  writeSessionCookie(state, session);
  const fields = snapshotFields(session);
  const { id } = state;
  await state.options.store.set(id, session);
  // regenerate() moved the session meanwhile: what was saved is the old id, which it
  // removes; the new id still needs its own save.
  if (state.id !== id) return;
  state.savedFields = fields;
  state.isNew = false;
  state.touched = false;
}

function commit(this: Session): Promise<void> {
  const state = stateOf(this);
  return joinResponse(state, "commit", "store.set()", save(state, this));
}

async function remove(state: SessionState, session: Session): Promise<void> {
  // Marked first and synchronously: a response ended without awaiting destroy() must
  // still expire the cookie and must not save the session again.
  state.destroyed = true;
  (session.cookie as { expires?: Date }).expires = new Date(0);
  writeSessionCookie(state, session);
  state.carrier.forget(state.input, session);
  await state.options.store.destroy(state.id);
}

function destroy(this: Session): Promise<void> {
  const state = stateOf(this);
  return joinResponse(state, "destroy", "store.destroy()", remove(state, this));
}

async function moveToNewId(state: SessionState, session: Session): Promise<void> {
  const oldId = state.id;
  // A commit() still at the store may yet write the old id: wait for it, then remove it.
  const earlier = state.pending;
  const wasStored = !state.isNew || earlier !== undefined;
  // Everything but the store call happens now, so that a response ended without awaiting
  // regenerate() already carries the new id.
  state.id = state.options.genid();
  state.isNew = false;
  state.savedFields = MUST_SAVE;
  session.touch();
  writeSessionCookie(state, session);
  if (earlier !== undefined) await earlier;
  if (wasStored) await state.options.store.destroy(oldId);
}

function regenerate(this: Session): Promise<void> {
  const state = stateOf(this);
  if (state.destroyed) {
    return Promise.reject(
      new Error(
        "next-session: regenerate() was called after destroy(); call getSession() again for a new session",
      ),
    );
  }
  return joinResponse(state, "regenerate", "store.destroy()", moveToNewId(state, this));
}

function getId(this: Session): string {
  return stateOf(this).id;
}

// Shared by every session: defining them allocates nothing per request. One
// defineProperty each is cheaper than Object.defineProperties with a descriptor map.
const ID = { get: getId, configurable: true };
const TOUCH = { value: touch, configurable: true };
const COMMIT = { value: commit, configurable: true };
const DESTROY = { value: destroy, configurable: true };
const REGENERATE = { value: regenerate, configurable: true };

function attach(data: SessionData, state: SessionState): Session {
  Object.defineProperty(data, "id", ID);
  Object.defineProperty(data, "touch", TOUCH);
  Object.defineProperty(data, "commit", COMMIT);
  Object.defineProperty(data, "destroy", DESTROY);
  Object.defineProperty(data, "regenerate", REGENERATE);
  new StateSlot(data, state);
  return data as Session;
}

type RequestContext = Pick<
  SessionState,
  "options" | "carrier" | "input" | "output" | "autoCommit" | "now"
>;

function createCookie({ options, now }: RequestContext): Cookie {
  const { maxAge, cookie } = options;
  // Written out rather than spread: this runs for every new session.
  const { path, httpOnly, domain, sameSite, secure } = cookie;
  if (maxAge === undefined) return { path, httpOnly, domain, sameSite, secure };
  const expires = new Date(now + maxAge * 1000);
  return { path, httpOnly, domain, sameSite, secure, maxAge, expires };
}

/**
 * A session's state, written out property by property rather than spread from `context`:
 * every state then has one shape from the start, which keeps it cheap on the hot path.
 */
function newState(
  context: RequestContext,
  id: string,
  isNew: boolean,
  savedFields: FieldsSnapshot,
): SessionState {
  return {
    id,
    options: context.options,
    carrier: context.carrier,
    input: context.input,
    output: context.output,
    autoCommit: context.autoCommit,
    now: context.now,
    isNew,
    touched: false,
    destroyed: false,
    savedFields,
    pending: undefined,
  };
}

/** A session that is not in the store yet: only a cookie built from the options. */
function createSession(context: RequestContext): Session {
  const state = newState(context, context.options.genid(), true, NO_FIELDS);
  return attach({ cookie: createCookie(context) }, state);
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Turns what a store returned into a session, or returns undefined when the record is not
 * a usable live session (not an object, or already expired). Stores that keep JSON give
 * `cookie.expires` back as a string: it becomes a `Date` again.
 */
function resumeSession(record: unknown, id: string, context: RequestContext): Session | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const data = record as SessionData;
  const cookie = data.cookie as Cookie | undefined;
  if (typeof cookie !== "object" || cookie === null) {
    data.cookie = createCookie(context);
  } else if (cookie.expires !== undefined) {
    const expires = toDate(cookie.expires);
    if (expires === undefined) delete (cookie as { expires?: Date }).expires;
    else if (expires.getTime() <= context.now) return undefined;
    else cookie.expires = expires;
  }
  const session = attach(data, newState(context, id, false, snapshotFields(data)));
  if (isDueForTouch(session.cookie, context.options.touchAfterMs, context.now)) session.touch();
  return session;
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

/** What a host does with a session it has just loaded (e.g. install auto-commit). */
export type AfterLoad<Output> = (session: Session, output: Output) => void;

/**
 * The session of a request: the one already loaded for it, else the one whose id its
 * cookie carries, else a new one. The one load path for every host, in one async function
 * so that a request costs a single promise here. `autoCommit` says whether the end of the
 * response saves the session; `afterLoad` (a shared function, never a new closure) runs
 * once for a newly loaded session.
 */
export async function loadSession<Input extends object, Output>(
  options: ResolvedOptions,
  carrier: Carrier<Input, Output>,
  input: Input,
  output: Output,
  autoCommit: boolean,
  afterLoad: AfterLoad<Output> | undefined,
): Promise<Session> {
  const known = carrier.recall(input, options, output);
  if (known !== undefined) return known;
  const context: RequestContext = { options, carrier, input, output, autoCommit, now: Date.now() };
  const id = decodeSessionId(carrier.readCookie(input, options.name), options);
  let record: unknown;
  if (id !== undefined) {
    try {
      record = await options.store.get(id);
    } catch (cause) {
      throw storeError("store.get()", "while loading the session", cause);
    }
  }
  const session =
    (id !== undefined && resumeSession(record, id, context)) || createSession(context);
  carrier.remember(input, session);
  afterLoad?.(session, output);
  return session;
}
