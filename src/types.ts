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
   * With `autoCommit: false`, call `commit()` afterwards to save under the new id.
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
 * no live session for the id. `touch` is optional: without it a touched session is saved
 * with `set`. `patch` is optional too: with it, concurrent requests of one session keep each
 * other's changes and a destroyed session is never written back (see README, "Concurrent
 * requests").
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
   * then rejects with an error naming it.
   * @default new MemoryStore()
   */
  store?: SessionStore;
  /** Generates the id of a new session. @default nanoid */
  genid?: () => string;
  /**
   * Signs the session id in the cookie with HMAC-SHA256, in express-session's format, so
   * that a cookie forged or altered by the client is ignored (a new session starts). An
   * array rotates secrets: the first signs, any of them verifies. Cannot be combined
   * with `encode`/`decode`. Keep it out of source control. Given but empty (`undefined`,
   * `null` or `""`, usually an environment variable that is not set): a `TypeError` when
   * `NODE_ENV` is "production", otherwise a warning and the id is sent unsigned. Empty
   * entries after the first are ignored (a retired secret).
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
   * since it was last touched. `-1` never touches automatically.
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
   * for. The response still completes. The error's `cause` is the store's error.
   * @default logs the error with `console.warn`
   */
  onError?: (error: Error, req: IncomingMessage) => void;
}
