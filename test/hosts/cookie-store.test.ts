import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession, type SessionCookieStore } from "../../src/index.js";
import { FakeCookieStore, ReadOnlyCookieStore, requestWith } from "../helpers/fetch.js";

describe("getSession(cookies) with a writable store (Server Actions, Route Handlers)", () => {
  it("commits through store.set with the session cookie's attributes, Expires but no Max-Age", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({
      store,
      cookie: { maxAge: 60, sameSite: "strict", domain: "app.test", secure: true },
    });
    const cookies = new FakeCookieStore();
    const session = await getSession(cookies);
    session.user = "ada";
    await session.commit();

    expect(cookies.sets).toEqual([
      {
        name: "sid",
        value: session.id,
        attributes: {
          path: "/",
          httpOnly: true,
          secure: true,
          domain: "app.test",
          sameSite: "strict",
          expires: session.cookie.expires,
        },
      },
    ]);
    expect(JSON.parse(store.store.get(session.id) ?? "null")).toMatchObject({ user: "ada" });
  });

  it("reads the session named by the store's cookie and returns it again for the same store", async () => {
    const getSession = nextSession();
    const writer = new FakeCookieStore();
    const created = await getSession(writer);
    created.user = "ada";
    await created.commit();

    const cookies = new FakeCookieStore({ sid: created.id });
    const loaded = await getSession(cookies);
    expect(loaded.user).toBe("ada");
    expect(await getSession(cookies)).toBe(loaded);
  });

  it("destroy() sets an expired cookie and forgets the session", async () => {
    const getSession = nextSession();
    const cookies = new FakeCookieStore();
    const session = await getSession(cookies);
    session.user = "ada";
    await session.commit();
    await session.destroy();
    expect(cookies.sets.at(-1)?.attributes.expires?.getTime()).toBe(0);
    expect(await getSession(cookies)).not.toBe(session);
  });
});

describe("commit() of a session whose record another request removed", () => {
  it("writes nothing back to the store", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const created = await getSession(new FakeCookieStore());
    created.user = "ada";
    await created.commit();

    const loaded = await getSession(new FakeCookieStore({ sid: created.id }));
    await store.destroy(created.id);
    loaded.user = "grace";
    await loaded.commit();
    expect(store.store.has(created.id)).toBe(false);
  });

  it("leaves the browser no cookie for the gone id, even when the session was touched", async () => {
    const store = new MemoryStore();
    const options = { store, cookie: { maxAge: 3600, path: "/app" }, touchAfter: 0 };
    const getSession = nextSession(options);
    const created = await getSession(new FakeCookieStore());
    created.user = "ada";
    await created.commit();

    const cookies = new FakeCookieStore({ sid: created.id });
    const loaded = await getSession(cookies);
    await store.destroy(created.id);
    loaded.user = "grace";
    await loaded.commit();
    const last = cookies.sets.at(-1);
    expect(last?.name).toBe("sid");
    expect(last?.attributes.path).toBe("/app");
    expect(last?.attributes.expires?.getTime()).toBe(0);
    expect(cookies.get("sid")?.value).not.toBe(created.id);
  });
});

describe("getSession(cookies) with a read-only store (Server Components)", () => {
  it("reads the session", async () => {
    const getSession = nextSession();
    const writer = new FakeCookieStore();
    const created = await getSession(writer);
    created.user = "ada";
    await created.commit();
    const session = await getSession(new ReadOnlyCookieStore({ sid: created.id }));
    expect(session.user).toBe("ada");
  });

  it.each(["commit", "destroy", "regenerate"] as const)(
    "%s() fails with a message that says where to write instead",
    async (method) => {
      const store = new MemoryStore();
      const getSession = nextSession({ store });
      const session = await getSession(new ReadOnlyCookieStore());
      session.user = "ada";
      const error: unknown = await session[method]().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/only Server Actions and Route Handlers/);
      expect(((error as Error).cause as Error).message).toMatch(/Cookies can only be modified/);
      expect(store.store.size).toBe(0);
    },
  );
});

describe("commit() of a loaded session on a read-only store", () => {
  it("rejects without changing the stored session", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const writer = new FakeCookieStore();
    const created = await getSession(writer);
    created.views = 1;
    await created.commit();
    const session = await getSession(new ReadOnlyCookieStore({ sid: created.id }));
    session.views = 2;
    await expect(session.commit()).rejects.toThrow(/only Server Actions and Route Handlers/);
    expect((await store.get(created.id))?.views).toBe(1);
  });
});

describe("a rejected destroy() or regenerate() on a read-only session changes nothing", () => {
  async function loadedReadOnly(readOnly: "request" | "cookies") {
    const store = new MemoryStore();
    const getSession = nextSession({ store, cookie: { maxAge: 60 } });
    const writer = new FakeCookieStore();
    const created = await getSession(writer);
    created.user = "ada";
    await created.commit();
    const session =
      readOnly === "cookies"
        ? await getSession(new ReadOnlyCookieStore({ sid: created.id }))
        : await getSession(requestWith(`sid=${created.id}`));
    const before = { id: session.id, cookie: { ...session.cookie }, user: session.user };
    return { session, before, store };
  }

  it.each([
    ["request", "destroy"],
    ["request", "regenerate"],
    ["cookies", "destroy"],
    ["cookies", "regenerate"],
  ] as const)("getSession(%s): %s()", async (readOnly, method) => {
    const { session, before, store } = await loadedReadOnly(readOnly);
    await expect(session[method]()).rejects.toThrow(/^next-session: /);
    expect({ id: session.id, cookie: { ...session.cookie }, user: session.user }).toEqual(before);
    // Still read-only, and still saying so: commit() rejects rather than doing nothing.
    await expect(session.commit()).rejects.toThrow(/^next-session: /);
    expect(store.store.has(before.id)).toBe(true);
  });
});

describe("an object with get and set that is not a cookie store", () => {
  it("is refused with a clear error once its get answers with a bare value (Koa's ctx.cookies)", async () => {
    const getSession = nextSession();
    const koaCookies = { get: () => "some-id", set: () => undefined };
    await expect(getSession(koaCookies as never)).rejects.toThrow(
      new TypeError(
        "next-session: getSession(cookies) needs a cookie store whose get(name) returns { value } or undefined, as Next.js's cookies() does. For Koa, call getSession(ctx.req, ctx.res).",
      ),
    );
  });
});

describe("a cookie store that outlives its request (one module-level adapter)", () => {
  /** The adapter an app might write over AsyncLocalStorage: one object, each request's cookies. */
  function sharedAdapter() {
    const current = new AsyncLocalStorage<FakeCookieStore>();
    const cookiesOfRequest = () => {
      const cookies = current.getStore();
      if (cookies === undefined) throw new Error("outside a request");
      return cookies;
    };
    const adapter: SessionCookieStore = {
      get: (name) => cookiesOfRequest().get(name),
      set: (name, value, attributes) => cookiesOfRequest().set(name, value, attributes),
    };
    const asVisitor = <T>(cookies: FakeCookieStore, work: () => Promise<T>) =>
      current.run(cookies, work);
    return { adapter, asVisitor };
  }

  it("never hands one visitor's session to another", async () => {
    const getSession = nextSession();
    const { adapter, asVisitor } = sharedAdapter();
    const alicesCookies = new FakeCookieStore();
    const alice = await asVisitor(alicesCookies, async () => {
      const session = await getSession(adapter);
      session.user = "alice";
      await session.commit();
      return session;
    });

    const bob = await asVisitor(new FakeCookieStore(), () => getSession(adapter));
    expect([bob.user, bob.id]).toEqual([undefined, expect.not.stringMatching(alice.id)]);
    bob.user = "bob";
    await asVisitor(new FakeCookieStore(), () => bob.commit());

    const again = await asVisitor(new FakeCookieStore({ sid: alice.id }), () =>
      getSession(adapter),
    );
    expect([again.user, again.id]).toEqual(["alice", alice.id]);
  });

  it("does not hand a new session that is not committed yet to a visitor without a cookie", async () => {
    const getSession = nextSession();
    const { adapter, asVisitor } = sharedAdapter();
    const alice = await asVisitor(new FakeCookieStore(), () => getSession(adapter));
    alice.user = "alice";
    const bob = await asVisitor(new FakeCookieStore(), () => getSession(adapter));
    expect(bob).not.toBe(alice);
    expect(bob.user).toBeUndefined();
  });

  it("does not hand the session regenerated from a planted id to whoever sends that id", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const { adapter, asVisitor } = sharedAdapter();
    const planted = await asVisitor(new FakeCookieStore(), async () => {
      const session = await getSession(adapter);
      session.n = 1;
      await session.commit();
      return session.id;
    });
    const victim = await asVisitor(new FakeCookieStore({ sid: planted }), async () => {
      const session = await getSession(adapter);
      session.user = "victim";
      await session.regenerate();
      return session;
    });
    const attacker = await asVisitor(new FakeCookieStore({ sid: planted }), () =>
      getSession(adapter),
    );
    expect(attacker).not.toBe(victim);
    expect(attacker.user).toBeUndefined();
  });
});

describe("a cookie store used for one request, as Next.js's cookies() is", () => {
  it("gives the same session on every call while its cookie names it: loaded, committed or regenerated", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const cookies = new FakeCookieStore();
    const created = await getSession(cookies);
    created.user = "ada";
    await created.commit();
    expect(await getSession(cookies)).toBe(created);
    await created.regenerate();
    expect(await getSession(cookies)).toBe(created);
    await created.commit();

    const nextRequest = new FakeCookieStore({ sid: created.id });
    const loaded = await getSession(nextRequest);
    expect(loaded.user).toBe("ada");
    expect(await getSession(nextRequest)).toBe(loaded);
  });
});
