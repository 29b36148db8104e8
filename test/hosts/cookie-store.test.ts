import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { FakeCookieStore, ReadOnlyCookieStore } from "../helpers/fetch.js";

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
