import { EventEmitter } from "node:events";
import { callbackify, inherits, promisify } from "node:util";
import { MemoryStore } from "./memory-store.js";
import type { SessionData, SessionStore } from "./types.js";

type Callback<T = void> = (error: unknown, result?: T) => void;

/** The callback-style store interface of express-session and connect. */
export interface CallbackStore {
  get(sid: string, callback: Callback<SessionData | null | undefined>): void;
  set(sid: string, sess: SessionData, callback: Callback): void;
  destroy(sid: string, callback: Callback): void;
  touch?(sid: string, sess: SessionData, callback: Callback): void;
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

interface ExpressSessionStandIn {
  (options?: unknown): void;
  Store: new () => EventEmitter;
  MemoryStore: new () => CallbackStore & EventEmitter;
}

/**
 * A stand-in for `require("express-session")` for store factories written for it, such as
 * `connect-redis` 6: `RedisStoreFactory(expressSession)`. Only `Store` and `MemoryStore`
 * are meaningful; calling it as middleware does nothing.
 */
export const expressSession: ExpressSessionStandIn = Object.assign(
  function expressSession(_options?: unknown): void {},
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
    get: promisify(connectStore.get).bind(connectStore),
    set: promisify(connectStore.set).bind(connectStore),
    destroy: promisify(connectStore.destroy).bind(connectStore),
  };
  if (typeof connectStore.touch === "function") {
    store.touch = promisify(connectStore.touch).bind(connectStore);
  }
  return store;
}
