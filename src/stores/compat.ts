import { EventEmitter } from "node:events";
import { callbackify, inherits, promisify } from "node:util";
import type { SessionStore } from "../types.js";
import { MemoryStore } from "./memory-store.js";

/**
 * A session as a callback store sees it. Deliberately loose: stores typed against
 * express-session's own `SessionData` (connect-pg-simple, connect-redis) must be accepted,
 * as they were by next-session 4, whose `promisifyStore` took `any`.
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

/** A callback-style MemoryStore, as `require("express-session").MemoryStore` would be. */
function CallbackMemoryStore(this: MemoryStore): void {
  Store.call(this as unknown as EventEmitter);
  Object.defineProperty(this, "store", { value: new Map<string, string>(), enumerable: true });
}
inherits(CallbackMemoryStore, Store);
Object.assign(CallbackMemoryStore.prototype, {
  get: callbackify(MemoryStore.prototype.get),
  set: callbackify(MemoryStore.prototype.set),
  destroy: callbackify(MemoryStore.prototype.destroy),
  touch: callbackify(MemoryStore.prototype.touch),
});

/** What calling the stand-in returns: a middleware that only passes the request on. */
type PassThrough = (req: unknown, res: unknown, next?: () => void) => void;

interface ExpressSessionStandIn {
  (options?: unknown): PassThrough;
  Store: new (options?: unknown) => EventEmitter;
  MemoryStore: new () => CallbackStore & EventEmitter;
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
    MemoryStore: CallbackMemoryStore as unknown as ExpressSessionStandIn["MemoryStore"],
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
