import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession, type Options, type Session } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import type { SessionData, SessionStore } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { gate, parallelWriters, pathOf, storedFields } from "../helpers/concurrency.js";
import { FakeCookieStore, requestWith } from "../helpers/fetch.js";
import { cookiesNamed, EPOCH } from "../helpers/set-cookie.js";

/** A callback store (no patch): every save writes the whole record, as 4.0.5 did. */
function wholeRecordStore(): SessionStore {
  return promisifyStore(new expressSession.MemoryStore());
}

describe("parallel requests of one session, each setting its own field", () => {
  it("keeps all fifty fields with a store that can patch (MemoryStore)", async () => {
    const store = new MemoryStore();
    const { fields } = await parallelWriters(store, 50);
    const written = Array.from({ length: 50 }, (_, index) => `f${index}`);
    expect(Object.keys(fields ?? {}).sort()).toEqual(["started", ...written].sort());
  });

  it("keeps only the last writer's fields with a store that writes whole records", async () => {
    const { fields } = await parallelWriters(wholeRecordStore(), 10);
    expect(Object.keys(fields ?? {})).toHaveLength(2);
  });
});

describe("a write from the same field in two requests", () => {
  it("is last write wins", async () => {
    const store = new MemoryStore();
    const firstLoaded = gate();
    const secondDone = gate();
    const app = await sessionApp({ store }, async (session, req, res) => {
      const path = pathOf(req);
      if (path === "/first") {
        firstLoaded.open();
        await secondDone.opened;
        session.theme = "dark";
      } else if (path === "/second") {
        session.theme = "light";
      } else {
        session.theme = "none";
      }
      res.end(session.id);
    });
    const client = app.client();
    const { body: sid } = await client.request("/start");
    const first = client.request("/first");
    await firstLoaded.opened;
    await client.request("/second");
    secondDone.open();
    await first;
    expect(await storedFields(store, sid)).toEqual({ theme: "dark" });
  });
});

describe("a logout while another request of the session is in flight", () => {
  async function logoutDuringSlowRequest(options: Options, slowPath: "/write" | "/read") {
    const store = new MemoryStore();
    const slowLoaded = gate();
    const release = gate();
    const app = await sessionApp(
      { store, cookie: { maxAge: 3600 }, ...options },
      async (session, req, res) => {
        switch (pathOf(req)) {
          case "/login":
            session.user = "ada";
            break;
          case "/write":
          case "/read":
            slowLoaded.open();
            await release.opened;
            if (pathOf(req) === "/write") session.note = "written after the logout";
            break;
          case "/logout":
            await session.destroy();
            break;
        }
        res.end(JSON.stringify({ id: session.id, user: session.user ?? null }));
      },
    );
    const client = app.client();
    const sid = (JSON.parse((await client.request("/login")).body) as { id: string }).id;
    const oldCookie = client.cookieHeader;
    const slow = client.request(slowPath);
    await slowLoaded.opened;
    await client.request("/logout");
    release.open();
    const late = await slow;
    const afterwards = await app.client().request("/me", { headers: { cookie: oldCookie } });
    return { store, sid, late, afterwards };
  }

  it.each([
    ["changes a field", {}, "/write"],
    ["only touches the session (touchAfter: 0)", { touchAfter: 0 }, "/read"],
  ] as const)("stays a logout when the late request %s", async (_, options, slowPath) => {
    const { store, sid, late, afterwards } = await logoutDuringSlowRequest(options, slowPath);
    expect(store.store.has(sid)).toBe(false);
    expect(cookiesNamed(late.headers, "sid")).toEqual([]);
    expect(JSON.parse(afterwards.body)).toMatchObject({ user: null });
    expect(store.store.size).toBe(0);
  });
});

describe("regenerate() while another request of the session is in flight", () => {
  it("never brings the old id back", async () => {
    const store = new MemoryStore();
    const slowLoaded = gate();
    const release = gate();
    const app = await sessionApp({ store }, async (session, req, res) => {
      switch (pathOf(req)) {
        case "/visit":
          session.visits = 1;
          break;
        case "/slow":
          slowLoaded.open();
          await release.opened;
          session.visits = 2;
          break;
        case "/login":
          session.user = "ada";
          await session.regenerate();
          break;
      }
      res.end(session.id);
    });
    const client = app.client();
    const { body: oldId } = await client.request("/visit");
    const slow = app.client().request("/slow", { headers: { cookie: client.cookieHeader } });
    await slowLoaded.opened;
    const { body: newId } = await client.request("/login");
    release.open();
    await slow;
    expect(store.store.has(oldId)).toBe(false);
    expect(await storedFields(store, newId)).toEqual({ visits: 1, user: "ada" });
  });

  it("moves only what its own request set when the session was destroyed meanwhile", async () => {
    const store = new MemoryStore();
    const loginLoaded = gate();
    const release = gate();
    const app = await sessionApp({ store }, async (session, req, res) => {
      switch (pathOf(req)) {
        case "/cart":
          session.cart = ["book"];
          break;
        case "/login":
          loginLoaded.open();
          await release.opened;
          session.user = "ada";
          await session.regenerate();
          break;
        case "/logout":
          await session.destroy();
          break;
      }
      res.end(session.id);
    });
    const client = app.client();
    await client.request("/cart");
    const cookie = client.cookieHeader;
    const login = app.client().request("/login", { headers: { cookie } });
    await loginLoaded.opened;
    await app.client().request("/logout", { headers: { cookie } });
    release.open();
    const { body: newId } = await login;
    expect(await storedFields(store, newId)).toEqual({ user: "ada" });
    expect(store.store.size).toBe(1);
  });

  it("after an un-awaited commit() that finds the record gone, still moves what its request set", async () => {
    const store = new MemoryStore();
    const app = await sessionApp({ store }, async (session, req, res) => {
      if (pathOf(req) === "/cart") {
        session.cart = ["book"];
      } else {
        await store.destroy(session.id); // a logout in another request
        session.user = "ada";
        void session.commit();
        await session.regenerate();
      }
      res.end(session.id);
    });
    const client = app.client();
    await client.request("/cart");
    const { body: newId } = await client.request("/login");
    // As regenerate() alone does: the commit() of the old id must not end the new one.
    expect(client.jar.get("sid")).toBe(newId);
    expect(await storedFields(store, newId)).toEqual({ user: "ada" });
    expect(store.store.size).toBe(1);
  });

  it("destroy() after an un-awaited commit() that finds the record gone still expires the cookie", async () => {
    const store = new MemoryStore();
    const app = await sessionApp({ store }, async (session, req, res) => {
      if (pathOf(req) === "/cart") {
        session.cart = ["book"];
      } else {
        await store.destroy(session.id); // a logout in another request
        session.user = "ada";
        void session.commit();
        await session.destroy();
      }
      res.end(session.id);
    });
    const client = app.client();
    await client.request("/cart");
    const response = await client.request("/logout");
    expect(cookiesNamed(response, "sid").map((cookie) => cookie.attributes.expires)).toEqual([
      EPOCH,
    ]);
    expect(store.store.size).toBe(0);
  });
});

/**
 * A store whose writes wait for the test: `set` (and `patch`, when it has one) resolve only
 * once `release()` is called, while `destroy` answers at once, as a pooled store may.
 */
function slowWriteStore(withPatch: boolean) {
  const memory = new MemoryStore();
  const release = gate();
  const store: SessionStore = {
    get: (sid) => memory.get(sid),
    set: async (sid, sess) => {
      const json = JSON.stringify(sess);
      await release.opened;
      await memory.set(sid, JSON.parse(json) as SessionData);
    },
    destroy: (sid) => memory.destroy(sid),
  };
  if (withPatch) {
    store.patch = async (sid, patch) => {
      await release.opened;
      return memory.patch(sid, patch);
    };
  }
  return { store, memory, release: release.open };
}

type Host = "Request and Headers" | "cookie store" | "req/res, autoCommit off";

/** Loads the session for `cookie` on `host`, as a login handler would. */
async function sessionOn(host: Host, options: Options, cookie: string): Promise<Session> {
  const getSession = nextSession(options);
  if (host === "Request and Headers") return getSession(requestWith(cookie), new Headers());
  if (host === "cookie store") {
    const [name = "", value = ""] = cookie.split("=");
    return getSession(new FakeCookieStore({ [name]: value }));
  }
  const { exchange } = await import("../helpers/exchange.js");
  const { req, res } = exchange({ cookie });
  return getSession(req, res);
}

const HOSTS: Host[] = ["Request and Headers", "cookie store", "req/res, autoCommit off"];

describe.each(HOSTS)("on %s, store work of one session runs in order", (host) => {
  it.each([
    ["whole records", false],
    ["patches", true],
  ])(
    "regenerate() after an un-awaited commit() removes the planted id (%s)",
    async (_, withPatch) => {
      const { store, memory, release } = slowWriteStore(withPatch);
      await memory.set("planted", { cookie: { path: "/", httpOnly: true, secure: false } });
      const session = await sessionOn(host, { store, autoCommit: false }, "sid=planted");
      session.user = "victim";
      const committed = session.commit();
      const regenerated = session.regenerate();
      release();
      await committed;
      await regenerated;
      await session.commit();
      expect(memory.store.has("planted")).toBe(false);
      expect(await storedFields(memory, session.id)).toEqual({ user: "victim" });
    },
  );

  it("destroy() after an un-awaited commit() leaves nothing behind", async () => {
    const { store, memory, release } = slowWriteStore(false);
    const session = await sessionOn(host, { store, autoCommit: false }, "sid=none");
    session.user = "ada";
    const committed = session.commit();
    const destroyed = session.destroy();
    release();
    await Promise.all([committed, destroyed]);
    expect(memory.store.size).toBe(0);
  });
});

describe("on req/res with autoCommit, store work after res.end() runs in order", () => {
  it("destroy() after res.end() removes what the response's save wrote", async () => {
    const { store, memory, release } = slowWriteStore(false);
    const app = await sessionApp({ store }, async (session, _req, res) => {
      session.user = "ada";
      res.end(session.id);
      const destroyed = session.destroy();
      release();
      await destroyed;
    });
    const { body: sid } = await app.client().request("/");
    await new Promise((resolve) => setImmediate(resolve));
    expect(memory.store.has(sid)).toBe(false);
  });
});

describe("commit() of a session destroyed by another request", () => {
  it.each(["Request and Headers", "req/res, autoCommit off"] as const)(
    "on %s, writes nothing and takes its cookie back off the response",
    async (host) => {
      const store = new MemoryStore();
      await store.set("gone", { cookie: { path: "/", httpOnly: true, secure: false }, n: 1 });
      const getSession = nextSession({ store, autoCommit: false });
      const headers = new Headers({ "set-cookie": "theme=dark" });
      const { exchange } = await import("../helpers/exchange.js");
      const { req, res } = exchange({ cookie: "sid=gone" });
      res.setHeader("set-cookie", "theme=dark");
      const session =
        host === "Request and Headers"
          ? await getSession(requestWith("sid=gone"), headers)
          : await getSession(req, res);
      await store.destroy("gone");
      session.n = 2;
      await session.commit();
      expect(store.store.size).toBe(0);
      const sent =
        host === "Request and Headers" ? headers.getSetCookie() : res.getHeader("set-cookie");
      expect([sent].flat()).toEqual(["theme=dark"]);
    },
  );
});
