import { EventEmitter } from "node:events";
import { inherits, promisify } from "node:util";
import type { SessionData, SessionStore } from "../types.js";
import { MemoryStore } from "./memory-store.js";

/**
 * A session as a callback store sees it. Deliberately loose: stores typed against
 * express-session's own `SessionData` (connect-pg-simple, connect-redis) must be accepted
 * without a cast.
 */
type StoredSession = object;

type Done = (error?: unknown) => void;

/** The callback-style store interface of express-session and connect. */
export interface CallbackStore {
  get(sid: string, callback: (error: unknown, session?: StoredSession | null) => void): void;
  set(sid: string, sess: StoredSession, callback: Done): void;
  destroy(sid: string, callback: Done): void;
  touch?(sid: string, sess: StoredSession, callback: Done): void;
}

/**
 * `express-session`'s `Store`: an `EventEmitter`. Written as a plain constructor function
 * on purpose, because store factories use both `class X extends Store` and the older
 * `Store.call(this)` + `util.inherits(X, Store)`, and a `class` cannot be called.
 */
function Store(this: EventEmitter): void {
  EventEmitter.call(this);
}
inherits(Store, EventEmitter);

/** Hands a promise's outcome to a Node-style callback. */
function settle<T>(promise: Promise<T>, callback: (error: unknown, value?: T) => void): void {
  promise.then(
    (value) => callback(null, value),
    (error: unknown) => callback(error ?? new Error("next-session: the store failed")),
  );
}

/** A callback-style MemoryStore, as `require("express-session").MemoryStore` would be. */
class CallbackMemoryStore
  extends (Store as unknown as new () => EventEmitter)
  implements CallbackStore
{
  readonly #sessions = new MemoryStore();

  /** Session id to serialised session, as on `MemoryStore`. */
  get store(): Map<string, string> {
    return this.#sessions.store;
  }

  get(sid: string, callback: (error: unknown, session?: StoredSession | null) => void): void {
    settle(this.#sessions.get(sid), callback);
  }

  set(sid: string, sess: StoredSession, callback: Done): void {
    settle(this.#sessions.set(sid, sess as SessionData), callback);
  }

  destroy(sid: string, callback: Done): void {
    settle(this.#sessions.destroy(sid), callback);
  }

  touch(sid: string, sess: StoredSession, callback: Done): void {
    settle(this.#sessions.touch(sid, sess as SessionData), callback);
  }

  /** Deletes the sessions that have expired by `now`, as `MemoryStore.sweep` does. */
  sweep(now?: number): number {
    return this.#sessions.sweep(now);
  }
}

/** What calling the stand-in returns: a middleware that only passes the request on. */
type PassThrough = (req: unknown, res: unknown, next?: () => void) => void;

interface ExpressSessionStandIn {
  (options?: unknown): PassThrough;
  Store: new (options?: unknown) => EventEmitter;
  MemoryStore: new () => CallbackMemoryStore;
}

function passThrough(_req: unknown, _res: unknown, next?: () => void): void {
  next?.();
}

/**
 * A stand-in for `require("express-session")` for store factories written for it, such as
 * `connect-redis` 6: `RedisStoreFactory(expressSession)`. Only `Store` and `MemoryStore`
 * are meaningful. Calling it returns a middleware that does nothing but call `next`: the
 * call signature is what lets factories typed as taking express-session (such as
 * `@types/connect-pg-simple`) accept the stand-in.
 */
export const expressSession: ExpressSessionStandIn = Object.assign(
  function expressSession(_options?: unknown): PassThrough {
    return passThrough;
  },
  {
    Store: Store as unknown as ExpressSessionStandIn["Store"],
    MemoryStore: CallbackMemoryStore,
  },
);

/**
 * Wraps a callback-style (express-session / connect) store in the promise-based
 * `SessionStore` interface. Methods are called on the store itself, and `touch` is only
 * offered when the store has one, so that touched sessions are otherwise saved in full.
 */
export function promisifyStore(connectStore: CallbackStore): SessionStore {
  const store: SessionStore = {
    // The store gives back what `set` gave it; `getSession` checks the shape on load.
    get: promisify(connectStore.get).bind(connectStore) as SessionStore["get"],
    set: promisify(connectStore.set).bind(connectStore),
    destroy: promisify(connectStore.destroy).bind(connectStore),
  };
  if (typeof connectStore.touch === "function") {
    store.touch = promisify(connectStore.touch).bind(connectStore);
  }
  return store;
}
