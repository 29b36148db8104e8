import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { nextSession, type Session, type SessionStore } from "../../src/index.js";
import { sessionApp } from "../helpers/app.js";
import { startServer } from "../helpers/server.js";
import { SpyStore } from "../helpers/spy-store.js";

describe("the session object", () => {
  it("has enumerable user fields and a cookie; id and methods are hidden", async () => {
    let seen: Session | undefined;
    const app = await sessionApp({}, (session, _req, res) => {
      session.user = "ada";
      seen = session;
      res.end();
    });
    await app.client().request();
    expect(Object.keys(seen ?? {}).sort()).toEqual(["cookie", "user"]);
    expect(typeof seen?.id).toBe("string");
    for (const method of ["commit", "touch", "destroy"] as const) {
      expect(typeof seen?.[method]).toBe("function");
    }
    expect(JSON.parse(JSON.stringify(seen))).toEqual({
      user: "ada",
      cookie: { path: "/", httpOnly: true, secure: false },
    });
  });

  it("never sends id or methods to the store", async () => {
    const store = new SpyStore();
    const app = await sessionApp({ store });
    await app.client().request();
    const saved = JSON.parse(store.callsTo("set")[0]?.session ?? "{}");
    expect(Object.keys(saved).sort()).toEqual(["cookie", "views"]);
  });

  it("is also on req.session", async () => {
    let same = false;
    const app = await sessionApp({}, (session, req, res) => {
      same = (req as IncomingMessage & { session?: Session }).session === session;
      res.end();
    });
    await app.client().request();
    expect(same).toBe(true);
  });

  it("returns req.session when already set, without reading the store", async () => {
    const store = new SpyStore();
    const getSession = nextSession({ store });
    const results: boolean[] = [];
    const server = await startServer(async (req, res) => {
      const first = await getSession(req, res);
      const second = await getSession(req, res);
      results.push(first === second);
      res.end();
    });
    try {
      await fetch(server.url);
    } finally {
      await server.close();
    }
    expect(results).toEqual([true]);
    expect(store.callsTo("get")).toHaveLength(0);
  });

  it("keeps the id across requests", async () => {
    const ids: string[] = [];
    const app = await sessionApp({}, (session, _req, res) => {
      session.seen = true;
      ids.push(session.id);
      res.end();
    });
    const client = app.client();
    await client.request();
    await client.request();
    expect(ids[0]).toBe(ids[1]);
    expect(client.jar.get("sid")).toBe(ids[0]);
  });

  it("starts a new session, with a new id, when the cookie names an unknown session", async () => {
    const app = await sessionApp();
    const client = app.client();
    client.jar.set("sid", "no-such-session");
    expect((await client.request()).body).toBe("1");
    expect(client.jar.get("sid")).not.toBe("no-such-session");
  });
});

/** A store that hands back fixed records, as a store keeping JSON would. */
function fixedStore(record: unknown): SessionStore {
  return {
    get: async () => structuredClone(record) as never,
    set: async () => {},
    destroy: async () => {},
  };
}

async function sessionFrom(store: SessionStore): Promise<Session> {
  const getSession = nextSession({ store });
  let result: Session | undefined;
  const server = await startServer(async (req: IncomingMessage, res: ServerResponse) => {
    result = await getSession(req, res);
    res.end();
  });
  try {
    await fetch(server.url, { headers: { cookie: "sid=abc" } });
  } finally {
    await server.close();
  }
  if (!result) throw new Error("handler did not run");
  return result;
}

describe("records from a store", () => {
  const future = new Date(Date.now() + 60_000);

  it("turns cookie.expires given as a string into a Date", async () => {
    const session = await sessionFrom(
      fixedStore({
        views: 3,
        cookie: {
          path: "/",
          httpOnly: true,
          secure: false,
          maxAge: 60,
          expires: future.toISOString(),
        },
      }),
    );
    expect(session.cookie.expires).toBeInstanceOf(Date);
    expect(session.cookie.expires?.getTime()).toBe(future.getTime());
    expect(session.views).toBe(3);
    expect(session.id).toBe("abc");
  });

  it("treats a record that has already expired as no session", async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const session = await sessionFrom(
      fixedStore({
        views: 3,
        cookie: { path: "/", httpOnly: true, secure: false, maxAge: 60, expires: past },
      }),
    );
    expect(session.views).toBeUndefined();
    expect(session.id).not.toBe("abc");
  });

  it("accepts cookie.expires as a Date or as epoch milliseconds", async () => {
    for (const expires of [future, future.getTime()]) {
      const session = await sessionFrom(
        fixedStore({ cookie: { path: "/", httpOnly: true, secure: false, maxAge: 60, expires } }),
      );
      expect(session.cookie.expires?.getTime()).toBe(future.getTime());
    }
  });

  it("treats an unreadable cookie.expires of any type as absent", async () => {
    const store: SessionStore = {
      get: async () =>
        ({
          cookie: { path: "/", httpOnly: true, secure: false, expires: new Date(Number.NaN) },
        }) as never,
      set: async () => {},
      destroy: async () => {},
    };
    const fromDate = await sessionFrom(store);
    expect(fromDate.id).toBe("abc");
    expect(fromDate.cookie.expires).toBeUndefined();
    const fromObject = await sessionFrom(fixedStore({ cookie: { path: "/", expires: { at: 1 } } }));
    expect(fromObject.cookie.expires).toBeUndefined();
  });

  it("gives a record without a cookie the configured cookie", async () => {
    const session = await sessionFrom(fixedStore({ views: 3 }));
    expect(session.views).toBe(3);
    expect(session.cookie).toEqual({
      path: "/",
      httpOnly: true,
      secure: false,
      domain: undefined,
      sameSite: undefined,
    });
  });

  it("drops an unreadable cookie.expires instead of sending Expires=Invalid Date", async () => {
    const session = await sessionFrom(
      fixedStore({
        views: 3,
        cookie: { path: "/", httpOnly: true, secure: false, expires: "not a date" },
      }),
    );
    expect(session.views).toBe(3);
    expect(session.cookie.expires).toBeUndefined();
  });

  it.each([
    ["a string", "hello"],
    ["a number", 42],
    ["an array", [1, 2]],
    ["null", null],
  ])("starts a new session when the store returns %s", async (_, record) => {
    const session = await sessionFrom(fixedStore(record));
    expect(session.id).not.toBe("abc");
    expect(Object.keys(session)).toEqual(["cookie"]);
  });
});
