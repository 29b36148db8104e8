import { privateStamp } from "../private-stamp.js";
import type { SessionData, SessionOwnerIndex, SessionPatch, SessionStore } from "../types.js";
import { MemoryOwnerIndex } from "./memory-owner-index.js";
import { compact, reviveCookieExpires, serialize } from "./memory-store-json.js";

/** Options of `new MemoryStore()`. */
export interface MemoryStoreOptions {
  /**
   * Seconds between sweeps that delete expired sessions nobody asks for again. The timer
   * runs only while some stored session has an expiry, and never keeps the process
   * alive. `0` turns sweeping off (expired sessions are then removed only when read).
   * @default 60
   */
  sweepInterval?: number;
}

const DEFAULT_SWEEP_INTERVAL = 60;

/**
 * The JSON each record handed out by `get` was parsed from. While the store still holds that
 * very text, a patch of that session can write the session whole instead of parsing the
 * record again: there is nothing else in the record to keep.
 */
const loadedFrom = privateStamp<string>();

/** `setInterval` runs a longer delay after 1 ms instead: a sweep every millisecond. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps sessions in this process's memory, as JSON, so that a session handed out can be
 * changed freely without changing the stored one. Expired sessions are deleted when read
 * and by a periodic sweep, so memory holds the sessions of the last `cookie.maxAge`
 * seconds plus one sweep interval. Sessions without `maxAge` have no expiry and stay until
 * destroyed: set `cookie.maxAge` to bound memory.
 *
 * Not for production: sessions are lost on restart and not shared between processes or
 * serverless instances.
 */
export class MemoryStore implements SessionStore {
  /** Session id to serialised session. Public: existing apps read and clear it directly. */
  readonly store = new Map<string, string>();
  /**
   * When each session with an expiry expires, in ms after `#base`, so that a sweep finds the
   * expired ones without parsing every record. Near `#base` (within 24 days) these are small
   * integers, which V8 keeps in the map itself; whole timestamps would each take a 16-byte
   * heap number, a sixth of what an idle session costs.
   */
  readonly #expiries = new Map<string, number>();
  readonly #base = Date.now();
  /** The sweep drops its entries that expired or whose session is gone. */
  readonly #owners = new MemoryOwnerIndex(this.#base);
  readonly #sweepMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const { sweepInterval = DEFAULT_SWEEP_INTERVAL } = options;
    if (
      typeof sweepInterval !== "number" ||
      !(sweepInterval >= 0) ||
      sweepInterval * 1000 > MAX_TIMER_MS
    ) {
      throw new TypeError(
        `next-session: MemoryStore option "sweepInterval" must be a number of seconds (0 to disable, at most 2147483), got ${String(sweepInterval)}`,
      );
    }
    this.#sweepMs = sweepInterval * 1000;
  }

  /**
   * Which sessions each owner has, for `getSession.listSessions()` and `revokeSessions()`.
   * Each call is one synchronous step.
   */
  readonly ownerIndex: SessionOwnerIndex = {
    add: async (owner, sid, expiresAt) => this.#owners.add(owner, sid, expiresAt),
    remove: async (owner, sid) => this.#owners.remove(owner, sid),
    list: async (owner) => this.#owners.list(owner),
  };

  async get(sid: string): Promise<SessionData | null> {
    const json = this.store.get(sid);
    if (json === undefined) return null;
    const record = reviveCookieExpires(JSON.parse(json) as SessionData);
    loadedFrom.attach(record, json);
    // `?.`: a record saved without a cookie is given back, and getSession gives it one.
    const expires = (record.cookie as SessionData["cookie"] | undefined)?.expires;
    if (expires !== undefined && expires.getTime() <= Date.now()) {
      this.#remove(sid);
      return null;
    }
    return record;
  }

  async set(sid: string, sess: SessionData): Promise<void> {
    this.#write(sid, sess);
  }

  /** Resolves whether there was a session to remove. */
  async destroy(sid: string): Promise<boolean> {
    return this.#remove(sid);
  }

  /**
   * Moves the stored session's cookie and expiry to those of `sess`, if it is still stored:
   * a touch never brings a session back, nor undoes another request's fields.
   */
  async touch(sid: string, sess: SessionData): Promise<void> {
    await this.patch(sid, { set: [], unset: [], cookie: sess.cookie });
  }

  /**
   * Applies one request's changes to the session as stored now, if it is still stored. One
   * synchronous step, so concurrent requests' patches never interleave.
   */
  async patch(sid: string, patch: SessionPatch): Promise<boolean> {
    const json = this.#liveJson(sid);
    if (json === undefined) return false;
    const { session } = patch;
    if (session !== undefined && loadedFrom.has(session) && loadedFrom.of(session) === json) {
      // Nothing was written since this session was read: it is the record, patched.
      this.#write(sid, patch.cookie === undefined ? session : { ...session, cookie: patch.cookie });
      return true;
    }
    const record = JSON.parse(json) as Record<string, unknown>;
    for (const [key, value] of patch.set) {
      // Assigning "__proto__" would set the prototype: it is a field like any other here.
      if (key === "__proto__") {
        Object.defineProperty(record, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        record[key] = value;
      }
    }
    for (const key of patch.unset) delete record[key];
    if (patch.cookie !== undefined) record.cookie = patch.cookie;
    this.#write(sid, record as SessionData);
    return true;
  }

  /**
   * Deletes every session that has expired by `now` (ms) and returns how many, and the owner
   * index entries that expired or whose session is gone. The timer calls it; call it
   * yourself to sweep at other times.
   */
  sweep(now: number = Date.now()): number {
    let removed = 0;
    const after = now - this.#base;
    for (const [sid, expires] of this.#expiries) {
      if (expires > after) continue;
      this.#expiries.delete(sid);
      if (this.store.delete(sid)) removed++;
    }
    this.#owners.sweep(after, (sid) => this.store.has(sid));
    if (this.#expiries.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    return removed;
  }

  #write(sid: string, sess: SessionData): void {
    this.store.set(compact(sid), compact(serialize(sess)));
    this.#trackExpiry(sid, sess);
  }

  #remove(sid: string): boolean {
    this.#expiries.delete(sid);
    return this.store.delete(sid);
  }

  /** The stored JSON of `sid` while it has not expired (an expired one is removed). */
  #liveJson(sid: string): string | undefined {
    const expires = this.#expiries.get(sid);
    if (expires !== undefined && expires + this.#base <= Date.now()) {
      this.#remove(sid);
      return undefined;
    }
    return this.store.get(sid);
  }

  #trackExpiry(sid: string, sess: SessionData): void {
    const expires = sess.cookie?.expires as unknown;
    // Read without making a Date: this runs on every save.
    const time =
      expires instanceof Date
        ? expires.getTime()
        : typeof expires === "string"
          ? Date.parse(expires)
          : Number.NaN;
    if (!Number.isFinite(time)) {
      this.#expiries.delete(sid);
      return;
    }
    this.#expiries.set(sid, time - this.#base);
    if (this.#timer === undefined && this.#sweepMs > 0) {
      this.#timer = setInterval(() => this.sweep(), this.#sweepMs);
      // Node and Bun return a Timeout that can be unref'd; other runtimes a number.
      if (typeof this.#timer === "object") this.#timer.unref();
    }
  }
}
