import { EventEmitter } from "node:events";
import { inherits } from "node:util";
import { describe, expect, it, vi } from "vitest";
import type { SessionData } from "../../src/index.js";
import { type CallbackStore, expressSession, promisifyStore } from "../../src/stores/compat.js";
import { sessionApp } from "../helpers/app.js";

const cookie = { path: "/", httpOnly: true, secure: false };

describe("expressSession stand-in", () => {
  it("is callable like the express-session middleware factory, giving a pass-through", () => {
    const middleware = expressSession({ secret: "unused" });
    const next = vi.fn();
    middleware({}, {}, next);
    expect(next).toHaveBeenCalledOnce();
    expect(() => middleware({}, {})).not.toThrow();
  });

  it("has a Store that a class can extend", () => {
    class ClassStore extends expressSession.Store {}
    const store = new ClassStore();
    expect(store).toBeInstanceOf(EventEmitter);
    expect(store).toBeInstanceOf(expressSession.Store);
    let heard = false;
    store.on("connect", () => {
      heard = true;
    });
    store.emit("connect");
    expect(heard).toBe(true);
  });

  it("has a Store usable with Store.call(this) and util.inherits", () => {
    function LegacyStore(this: EventEmitter & { ready: boolean }) {
      (expressSession.Store as unknown as (this: unknown) => void).call(this);
      this.ready = true;
    }
    inherits(LegacyStore, expressSession.Store);
    const store = new (LegacyStore as unknown as new () => EventEmitter & { ready: boolean })();
    expect(store.ready).toBe(true);
    expect(store).toBeInstanceOf(EventEmitter);
    expect(store).toBeInstanceOf(expressSession.Store);
    expect(store.listenerCount("x")).toBe(0);
  });

  it("has a callback-style MemoryStore", async () => {
    const store = new expressSession.MemoryStore();
    expect(store).toBeInstanceOf(expressSession.Store);
    const record: SessionData = { cookie, n: 1 };
    await new Promise<void>((resolve, reject) =>
      store.set("a", record, (error) => (error ? reject(error) : resolve())),
    );
    const loaded = await new Promise<unknown>((resolve, reject) =>
      store.get("a", (error, value) => (error ? reject(error) : resolve(value))),
    );
    expect(loaded).toEqual(record);
    expect(JSON.parse(store.store.get("a") ?? "null")).toEqual(record);
  });

  it("hands a failed call's error to the callback of its MemoryStore", async () => {
    const store = new expressSession.MemoryStore();
    const error = await new Promise<unknown>((resolve) =>
      store.set("a", { cookie, n: 1n }, resolve),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(store.store.has("a")).toBe(false);
  });
});

/** A callback store that records `this` on every call. */
class CallbackRecorder implements CallbackStore {
  readonly sessions = new Map<string, SessionData>();
  readonly receivers: unknown[] = [];
  get(sid: string, callback: (error: unknown, value?: SessionData | null) => void) {
    this.receivers.push(this);
    setImmediate(() => callback(null, this.sessions.get(sid) ?? null));
  }
  set(sid: string, sess: SessionData, callback: (error: unknown) => void) {
    this.receivers.push(this);
    this.sessions.set(sid, JSON.parse(JSON.stringify(sess)));
    callback(null);
  }
  destroy(sid: string, callback: (error: unknown) => void) {
    this.receivers.push(this);
    this.sessions.delete(sid);
    callback(null);
  }
}

describe("promisifyStore", () => {
  it("calls the store's methods on the store itself", async () => {
    const connectStore = new CallbackRecorder();
    const store = promisifyStore(connectStore);
    await store.set("a", { cookie, n: 1 });
    expect(await store.get("a")).toEqual({ cookie, n: 1 });
    await store.destroy("a");
    expect(await store.get("a")).toBeNull();
    expect(connectStore.receivers).toHaveLength(4);
    expect(connectStore.receivers.filter((receiver) => receiver !== connectStore)).toEqual([]);
  });

  it("offers touch only when the store has it", async () => {
    expect(promisifyStore(new CallbackRecorder()).touch).toBeUndefined();
    const withTouch = Object.assign(new CallbackRecorder(), {
      touched: [] as string[],
      touch(
        this: { touched: string[] },
        sid: string,
        _sess: SessionData,
        callback: (error: unknown) => void,
      ) {
        this.touched.push(sid);
        callback(null);
      },
    });
    const store = promisifyStore(withTouch);
    await store.touch?.("a", { cookie });
    expect(withTouch.touched).toEqual(["a"]);
  });

  it("rejects with the store's error", async () => {
    const failing = new CallbackRecorder();
    failing.get = (_sid, callback) => callback(new Error("connection lost"));
    await expect(promisifyStore(failing).get("a")).rejects.toThrow("connection lost");
  });

  it("serves sessions through nextSession, including expressSession.MemoryStore", async () => {
    for (const connectStore of [new CallbackRecorder(), new expressSession.MemoryStore()]) {
      const app = await sessionApp({ store: promisifyStore(connectStore) });
      const client = app.client();
      const bodies = [];
      for (let i = 0; i < 3; i++) bodies.push((await client.request()).body);
      expect(bodies).toEqual(["1", "2", "3"]);
    }
  });
});
