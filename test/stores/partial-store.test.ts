/**
 * Stores that lack a method (a read-only store, a test double without destroy) work until
 * the method is needed, as in next-session 4.0.5; then the call rejects, or under auto-commit
 * goes to onError, with an error naming the method. A complete store is used as it is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { resolveOptions } from "../../src/options.js";
import type { SessionData, SessionStore } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { exchange } from "../helpers/exchange.js";

const memory = () => new MemoryStore();

/** The methods of a real store, minus `omit`, each called on the store it came from. */
function storeWithout(omit: keyof SessionStore, inner: MemoryStore = memory()) {
  const store: Partial<Record<keyof SessionStore, unknown>> = {
    get: (sid: string) => inner.get(sid),
    set: (sid: string, session: SessionData) => inner.set(sid, session),
    destroy: (sid: string) => inner.destroy(sid),
    touch: (sid: string, session: SessionData) => inner.touch(sid, session),
  };
  delete store[omit];
  return store as SessionStore;
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  // The start-up warning about the missing method is tested in options-warnings.test.ts.
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe("a store that lacks a method but has an owner index", () => {
  it("keeps its owner index", () => {
    const inner = memory();
    const store = { ...storeWithout("touch", inner), ownerIndex: inner.ownerIndex };
    delete (store as Partial<SessionStore>).destroy;
    expect(resolveOptions({ store }).store.ownerIndex).toBe(inner.ownerIndex);
  });
});

describe("a complete store", () => {
  it("is used as it is, without a layer in between", () => {
    const store = memory();
    expect(resolveOptions({ store }).store).toBe(store);
  });

  it("is used as it is when it is a function with the methods", () => {
    const inner = memory();
    const store = Object.assign(() => {}, {
      get: (sid: string) => inner.get(sid),
      set: (sid: string, session: SessionData) => inner.set(sid, session),
      destroy: (sid: string) => inner.destroy(sid),
    });
    expect(resolveOptions({ store }).store).toBe(store);
  });
});

describe("a store that lacks a method", () => {
  it("serves sessions until the method is needed", async () => {
    const app = await sessionApp({ store: storeWithout("destroy") });
    const client = app.client();
    expect((await client.request()).body).toBe("1");
    expect((await client.request()).body).toBe("2");
  });

  it.each<["get" | "set" | "destroy", string]>([
    ["get", "get(sid)"],
    ["set", "set(sid, session)"],
    ["destroy", "destroy(sid)"],
  ])("rejects when %s() is needed, naming it", async (method, signature) => {
    const { store } = resolveOptions({ store: storeWithout(method) });
    await expect(
      store[method]("sid", { cookie: { path: "/", httpOnly: true, secure: false } }),
    ).rejects.toThrow(
      new TypeError(
        `next-session: the store has no ${method}() method; add ${signature} to it (see "Writing a store" in the README)`,
      ),
    );
  });

  it("without get: getSession rejects, with the missing method as the cause", async () => {
    const getSession = nextSession({ store: storeWithout("get") });
    const { req, res } = exchange({ cookie: "sid=abc" });
    const error = await getSession(req, res).then(
      () => new Error("getSession resolved"),
      (rejection: unknown) => rejection as Error,
    );
    expect(error.message).toBe("next-session: store.get() failed while loading the session");
    expect((error.cause as Error).message).toMatch(
      /^next-session: the store has no get\(\) method/,
    );
  });

  it("without destroy: destroy() rejects and, under auto-commit, onError hears of it too", async () => {
    const reported: Error[] = [];
    const outcomes: string[] = [];
    const app = await sessionApp(
      { store: storeWithout("destroy"), onError: (error) => reported.push(error) },
      async (session, req, res) => {
        if (req.url === "/logout") {
          outcomes.push(
            await session.destroy().then(
              () => "destroyed",
              (error: Error) => error.message,
            ),
          );
        } else session.user = "ada";
        res.end();
      },
    );
    const client = app.client();
    await client.request("/");
    await client.request("/logout");
    expect(outcomes).toEqual([
      'next-session: the store has no destroy() method; add destroy(sid) to it (see "Writing a store" in the README)',
    ]);
    expect(reported.map((error) => error.message)).toEqual([
      "next-session: store.destroy() failed in session.destroy()",
    ]);
  });

  it("without set, autoCommit off: commit() rejects, naming set()", async () => {
    const getSession = nextSession({ store: storeWithout("set"), autoCommit: false });
    const { req, res } = exchange({});
    const session = await getSession(req, res);
    session.user = "ada";
    await expect(session.commit()).rejects.toThrow(
      /^next-session: the store has no set\(\) method/,
    );
  });

  it("calls the store's own methods, looked up at each call (a spy added later is seen)", async () => {
    class ReadOnlyStore {
      readonly records = new Map<string, string>();
      async get(sid: string) {
        const record = this.records.get(sid);
        return record === undefined ? undefined : (JSON.parse(record) as SessionData);
      }
      async set(sid: string, session: SessionData) {
        this.records.set(sid, JSON.stringify(session));
      }
    }
    const inner = new ReadOnlyStore();
    const app = await sessionApp({ store: inner as unknown as SessionStore });
    const get = vi.spyOn(inner, "get");
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("2");
    expect(get).toHaveBeenCalledTimes(1);
  });
});

describe("optional methods", () => {
  it("patch is called on the store when it has one, even if another method is missing", async () => {
    const inner = memory();
    const patch = vi.spyOn(inner, "patch");
    const store = { ...storeWithout("destroy", inner), patch: inner.patch.bind(inner) };
    const app = await sessionApp({ store });
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("2");
    expect(patch).toHaveBeenCalledTimes(1);
  });

  it("a patch that is not a function counts as absent: the session is saved with set", async () => {
    const inner = memory();
    const set = vi.spyOn(inner, "set");
    const store = { ...storeWithout("touch", inner), patch: null } as unknown as SessionStore;
    expect(resolveOptions({ store }).store).not.toHaveProperty("patch");
    const app = await sessionApp({ store });
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("2");
    expect(set).toHaveBeenCalledTimes(2);
  });
});

describe("a touch that is not a function", () => {
  it.each([[null], [true], ["touch"]])(
    "touch: %j counts as absent: a touched session is saved with set",
    async (touch) => {
      const inner = memory();
      const set = vi.spyOn(inner, "set");
      const store = { ...storeWithout("touch", inner), touch } as unknown as SessionStore;
      const resolved = resolveOptions({ store });
      expect(resolved.store).not.toHaveProperty("touch");
      const app = await sessionApp(
        { store, touchAfter: 0, cookie: { maxAge: 600 } },
        (session, _req, res) => {
          res.end(String(session.views ?? "none"));
        },
      );
      const client = app.client();
      client.jar.set("sid", "known");
      await inner.set("known", {
        cookie: {
          path: "/",
          httpOnly: true,
          secure: false,
          maxAge: 600,
          expires: new Date(Date.now() + 1000),
        },
        views: 3,
      });
      set.mockClear();
      expect((await client.request()).body).toBe("3");
      expect(set).toHaveBeenCalledTimes(1);
    },
  );
});
