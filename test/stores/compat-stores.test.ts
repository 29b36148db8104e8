import { EventEmitter } from "node:events";
import { inherits } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { type CallbackStore, expressSession, promisifyStore } from "../../src/stores/compat.js";
import { itFulfilsStoreContract } from "../helpers/store-contract.js";

type Done = (error?: unknown) => void;

/** A store keeping JSON in a Map, with only the callback API that connect stores have. */
interface LegacyStore extends EventEmitter, CallbackStore {
  sessions: Map<string, string>;
}

/**
 * The pattern of older connect stores (connect-pg-simple before version 8, and many
 * others): `Store.call(this)` in a constructor function, then `util.inherits`.
 */
function LegacyStore(this: LegacyStore): void {
  expressSession.Store.call(this);
  this.sessions = new Map();
}
inherits(LegacyStore, expressSession.Store);
Object.assign(LegacyStore.prototype, {
  get(this: LegacyStore, sid: string, callback: (error: unknown, session?: object | null) => void) {
    const json = this.sessions.get(sid);
    const session =
      json === undefined ? null : (JSON.parse(json) as { cookie: { expires?: string } });
    const expires = session?.cookie.expires;
    // A connect store filters expired sessions itself; an expired one reads as missing.
    setImmediate(callback, null, expires && Date.parse(expires) <= Date.now() ? null : session);
  },
  set(this: LegacyStore, sid: string, session: object, callback: Done) {
    this.sessions.set(sid, JSON.stringify(session));
    setImmediate(callback);
  },
  destroy(this: LegacyStore, sid: string, callback: Done) {
    this.sessions.delete(sid);
    setImmediate(callback);
  },
});

const LegacyStoreConstructor = LegacyStore as unknown as new () => LegacyStore;

describe("a connect store written with Store.call(this) and util.inherits", () => {
  const legacy = new LegacyStoreConstructor();

  it("is an EventEmitter with its own prototype chain", () => {
    expect(legacy).toBeInstanceOf(LegacyStore);
    expect(legacy).toBeInstanceOf(expressSession.Store);
    expect(legacy).toBeInstanceOf(EventEmitter);
    const listener = vi.fn();
    legacy.on("connect", listener);
    legacy.emit("connect");
    expect(listener).toHaveBeenCalledOnce();
  });

  itFulfilsStoreContract({ store: promisifyStore(legacy) });
});

describe("a connect store written as a class extending Store", () => {
  class ClassStore extends expressSession.Store {
    constructor(readonly options: { prefix: string }) {
      // connect-redis and connect-pg-simple pass their options up.
      super(options);
    }
  }

  it("keeps its own fields and is an EventEmitter", () => {
    const store = new ClassStore({ prefix: "p:" });
    expect(store.options.prefix).toBe("p:");
    expect(store).toBeInstanceOf(EventEmitter);
  });
});

describe("calling the expressSession stand-in", () => {
  it("returns a middleware that only passes the request on", () => {
    const middleware = expressSession({ secret: "ignored" });
    const next = vi.fn();
    middleware({}, {}, next);
    expect(next).toHaveBeenCalledOnce();
    expect(() => middleware({}, {})).not.toThrow();
  });
});
