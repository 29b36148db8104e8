import type { IncomingMessage } from "node:http";

/** Any JSON-serialisable object: the shape of user fields when no generic is given. */
// biome-ignore lint/suspicious/noExplicitAny: user fields are free-form unless the caller types them.
export type SessionRecord = Record<string, any>;

/** `SameSite` as accepted by the `cookie` package: `true` means `Strict`. */
export type SameSite = boolean | "lax" | "strict" | "none";

interface CookieAttributes {
  /** `HttpOnly` attribute. @default true */
  httpOnly: boolean;
  /** `Path` attribute. @default "/" */
  path: string;
  /** `Domain` attribute. @default unset */
  domain?: string | undefined;
  /** `Secure` attribute. @default false */
  secure: boolean;
  /** `SameSite` attribute. @default unset */
  sameSite?: SameSite | undefined;
}

/**
 * The cookie settings stored with each session. `maxAge` is in seconds and `expires`
 * is derived from it; a cookie without them lasts for the browser session.
 */
export type Cookie = CookieAttributes &
  ({ maxAge?: undefined; expires?: undefined } | { maxAge: number; expires: Date });

/** What a store keeps for one session: the user fields plus `cookie`. */
export type SessionData<T = SessionRecord> = { cookie: Cookie } & T;

/**
 * The session returned by `getSession`. User fields are plain enumerable properties;
 * `id`, `commit`, `touch`, `destroy` and `regenerate` are non-enumerable, so they never reach
 * a store.
 */
export type Session<T extends SessionRecord = SessionRecord> = {
  /** The id that the cookie carries (before `encode`). */
  readonly id: string;
  /** Extends the expiry by `cookie.maxAge` from the time of the request. */
  touch(): void;
  /**
   * Sets the cookie (if headers are not yet sent) and saves the session. Required after a
   * change whenever the session did not come from `getSession(req, res)` with `autoCommit`.
   * Rejects, without saving, when the session is read-only (a Server Component, or a
   * `Request` given without `Headers`).
   */
  commit(): Promise<void>;
  /** Removes the session from the store and expires the cookie. */
  destroy(): Promise<void>;
  /**
   * Moves the session's data to a new id: the old record is removed from the store and
   * the cookie carries the new id. Call it right after a login (or any change of
   * privilege) so that an id planted before the login is worthless (session fixation).
   * Without auto-commit (`autoCommit: false`, a `Request`, a cookie store), call `commit()`
   * afterwards to save under the new id. Rejects on a destroyed session.
   */
  regenerate(): Promise<void>;
} & SessionData<T>;

/**
 * What one request changed in a session it loaded from the store, for `SessionStore.patch`.
 * Values are live objects of the session: serialise them before the first `await`.
 */
export interface SessionPatch {
  /**
   * Top-level fields the request added or changed, as `[name, value]` pairs (pairs rather
   * than an object, so that a field named `__proto__` stays data).
   */
  readonly set: ReadonlyArray<readonly [string, unknown]>;
  /** Top-level fields the request deleted. */
  readonly unset: readonly string[];
  /** The cookie, when the session was touched: its `expires` is the new expiry. Absent: keep the stored one. */
  readonly cookie?: Cookie;
  /**
   * The whole session as this request leaves it. A store may write it whole instead of
   * applying the changes, where it knows that the record has not changed since it handed it
   * out for this session (`MemoryStore` does, within its process): the result is the same.
   */
  readonly session?: SessionData;
}

/**
 * A promise-based session store. `get` resolves to `null` or `undefined` when there is
 * no live session for the id. `touch` is optional: a touched session is saved with `patch`
 * when the store has it, else with `touch`, else with `set`. `patch` is optional too: with
 * it, concurrent requests of one session keep each other's changes and a destroyed session
 * is never written back (see README, "Concurrent requests").
 */
export interface SessionStore {
  get(sid: string): Promise<SessionData | null | undefined>;
  set(sid: string, sess: SessionData): Promise<void>;
  /**
   * Removes the session. A store that knows resolves whether there was one to remove
   * (`regenerate()` then knows whether the session it moves was still live); `undefined`
   * means it cannot tell.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: stores typed `Promise<void>` must still fit.
  destroy(sid: string): Promise<boolean | void>;
  /** Moves the expiry of a stored session to `sess.cookie.expires`; never creates a record. */
  touch?(sid: string, sess: SessionData): Promise<void>;
  /**
   * Applies `patch` to the record of `sid` as the store holds it now, atomically, and only if
   * that record exists: a destroyed, regenerated or expired session is never brought back.
   * Resolves true when applied, false when there was no record (then nothing was written).
   */
  patch?(sid: string, patch: SessionPatch): Promise<boolean>;
  /**
   * An index from owners to the ids of their sessions, for `getSession.listSessions()` and
   * `revokeSessions()` (see README, "Signing out other devices"). Optional: without it those
   * calls reject, and nothing else changes.
   */
  ownerIndex?: SessionOwnerIndex;
}

/**
 * Which sessions each owner has, kept by a store beside its sessions. next-session adds an
 * entry before it writes a session whose owner, id or expiry is new, and removes one after the
 * session's owner changed or the session was destroyed, so that the index always holds at
 * least every live session of an owner. It may also hold ended ones: the caller checks each
 * id with `get`. Entries must expire with their sessions, so that the index never grows
 * without bound.
 */
export interface SessionOwnerIndex {
  /**
   * Records that `sid` belongs to `owner` until `expiresAt` (ms since the epoch), replacing
   * that pair's entry. Without `expiresAt` (a session without expiry), the entry lives as
   * long as the store keeps such a session. An `expiresAt` that has passed removes the entry.
   */
  add(owner: string, sid: string, expiresAt: number | undefined): Promise<void>;
  /** Removes the entry of `sid` under `owner`, if there is one. */
  remove(owner: string, sid: string): Promise<void>;
  /** The ids under `owner` whose entries have not expired, in any order. */
  list(owner: string): Promise<string[]>;
}

/**
 * One session of an owner, as `getSession.listSessions()` gives it: for a "your devices"
 * page. Times are the server's.
 */
export interface SessionSummary<Details = unknown> {
  /**
   * Names the session in `revokeSession(owner, handle)`: a digest of its id (SHA-256,
   * base64url), never the id itself, so that showing it cannot hand out the cookie.
   */
  readonly handle: string;
  /** Whether this is the session given to `listSessions` as the current one. */
  readonly current: boolean;
  /** When its id was issued: a new session, or `regenerate()` (a login). */
  readonly createdAt: Date;
  /**
   * When a request last saved it: changed its fields, or moved its expiry (a touch, see
   * `touchAfter`). Reading a session is not saving it.
   */
  readonly lastActiveAt: Date;
  /**
   * When it ends unless touched again: `cookie.expires`, never later than the absolute
   * timeout; undefined for a session without either.
   */
  readonly expiresAt: Date | undefined;
  /** What the `describe` option returned for its stored fields; undefined without it. */
  readonly details: Details;
}

/** Cookie options accepted by `nextSession`. */
export interface CookieOptions {
  /** `Secure` attribute. @default false */
  secure?: boolean;
  /** `HttpOnly` attribute. @default true */
  httpOnly?: boolean;
  /** `Path` attribute. @default "/" */
  path?: string;
  /** `Domain` attribute. @default unset */
  domain?: string | undefined;
  /** `SameSite` attribute. @default unset */
  sameSite?: SameSite | undefined;
  /**
   * Lifetime in seconds, sent as the `Expires` attribute and stored as `cookie.expires`.
   * `0` means unset. A negative value, or one so large that the expiry is not a valid date,
   * is a `TypeError` when `nextSession()` runs.
   * @default unset (the cookie lasts for the browser session)
   */
  maxAge?: number | undefined;
}

export interface Options {
  /**
   * Name of the cookie that carries the session id. A name starting with `__Host-` is one
   * that only this host can set (a sibling subdomain cannot plant it): it requires
   * `cookie.secure: true`, `cookie.path: "/"` and no `cookie.domain`. A `__Secure-` name
   * requires `cookie.secure: true`. Browsers drop such a cookie without them, so
   * `nextSession()` throws a `TypeError` instead.
   * @default "sid"
   * @example name: "__Host-sid", cookie: { secure: true }
   */
  name?: string;
  /**
   * Where sessions are kept. The default `MemoryStore` lives in one process and is lost
   * on restart: use a real store in production and in serverless functions. A store that
   * lacks `destroy` (or `get`, or `set`) works until the session needs that method; the call
   * then rejects with an error naming it. A store with neither `get` nor `set` is a
   * `TypeError` when `nextSession()` runs.
   * @default a `MemoryStore` shared by every `nextSession()` with the same `name` in the process
   */
  store?: SessionStore;
  /** Generates the id of a new session. @default nanoid */
  genid?: () => string;
  /**
   * Signs the session id in the cookie with HMAC-SHA256, in express-session's format, so
   * that a cookie forged or altered by the client is ignored (a new session starts). An
   * array rotates secrets: the first signs, any of them verifies. Cannot be combined
   * with `encode`/`decode`, and not available from the edge entry point (it needs
   * `node:crypto`). Keep it out of source control. Given but empty (`undefined`, `null` or
   * `""`, usually an environment variable that is not set): a `TypeError` when `NODE_ENV` is
   * "production", otherwise a warning, and the id is signed with the next secret in the list
   * or, when there is none, sent unsigned. Empty entries after the first are ignored (a
   * retired secret).
   * @default unset (the id is sent as is)
   * @example secret: [process.env.SESSION_SECRET, process.env.OLD_SESSION_SECRET]
   */
  secret?: string | readonly (string | undefined)[] | undefined;
  /** Turns the session id into the cookie value, e.g. to sign or encrypt it. */
  encode?: (rawSid: string) => string;
  /**
   * Turns the cookie value back into the session id. A falsy result, or a thrown error,
   * means "no session": a new one is started.
   */
  decode?: (encryptedSid: string) => string | null | undefined;
  /**
   * Touch (extend) a returning session only when at least this many seconds have passed
   * since it was last touched. `-1` never touches automatically. Needs `cookie.maxAge`:
   * without an expiry there is nothing to extend.
   * @default -1
   */
  touchAfter?: number;
  /** Cookie attributes. */
  cookie?: CookieOptions;
  /**
   * Save the session and set the cookie automatically when the response ends.
   * With `false`, call `await session.commit()` before sending the response.
   * Only `getSession(req, res)` has a response to hook: sessions from a `Request` or a
   * cookie store are always committed by hand, whatever this says.
   * @default true
   */
  autoCommit?: boolean;
  /**
   * Receives a store failure that happened while a response was ending (auto-commit), or
   * in a `commit()`, `destroy()` or `regenerate()` whose promise the response waited
   * for. The response still completes. The error's `cause` is the store's error (or, for a
   * session field that cannot be serialised, the serialiser's). A hook that throws is
   * logged with `console.error`.
   * @default logs the error with `console.warn`
   */
  onError?: (error: Error, req: IncomingMessage) => void;
  /**
   * Who owns a session, read from its fields each time it is saved: usually the signed-in
   * user's id. Sessions with an owner can be listed and revoked by owner
   * (`getSession.listSessions()`, `revokeSession()`, `revokeSessions()`) with a store that
   * has an owner index (`MemoryStore`, `RedisStore`). A number counts as its decimal
   * string; `null`, `undefined` or `""` means no owner. Setting it makes each stored record
   * carry a small metadata field (see README, "Signing out other devices").
   * @default unset (sessions have no owner)
   * @example owner: (session) => session.user?.id
   */
  owner?: (session: SessionData) => string | number | null | undefined;
  /**
   * What a listing shows of a session besides its times, read from its stored fields when
   * `getSession.listSessions()` runs: say, a device summary stored at login. Keep it small
   * and JSON-serialisable (it may travel to the browser).
   * @default unset (`details` is undefined)
   * @example describe: (session) => session.device
   */
  describe?: (session: SessionData) => unknown;
  /**
   * Seconds after its creation (a new session, or `regenerate()` at login) at which a
   * session ends however active it is: OWASP's absolute timeout. `cookie.maxAge` and
   * touching stay the idle lifetime; no expiry (the cookie's `Expires`, the store's) is set
   * past this one. A record saved without a creation time counts as created when it is
   * first loaded. `0` means unset. Setting it makes each stored record carry a small
   * metadata field.
   * @default unset (no absolute timeout)
   * @example absoluteTimeout: 60 * 60 * 24 * 30 // 30 days
   */
  absoluteTimeout?: number;
}
