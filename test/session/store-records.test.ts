import { describe, expect, it } from "vitest";
import { nextSession, type Options, type Session } from "../../src/index.js";
import type { SessionData, SessionStore } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { exchange } from "../helpers/exchange.js";
import { testStore } from "../helpers/stores.js";

const cookie = { path: "/", httpOnly: true, secure: false };
const future = new Date(Date.now() + 600_000);

/** The session `getSession` makes of `record`, when the request's cookie names it. */
async function sessionFrom(record: unknown, options: Options = {}): Promise<Session> {
  const getSession = nextSession({ store: testStore({ answer: record }), ...options });
  const { req, res } = exchange({ cookie: "sid=known" });
  return getSession(req, res);
}

describe("records from a store", () => {
  it.each<[string, unknown]>([
    ["a string", "session"],
    ["a number", 42],
    ["true", true],
    ["null", null],
    ["an array", [{ user: "ada" }]],
    [
      "an expired session",
      { user: "ada", cookie: { ...cookie, expires: new Date(0).toISOString() } },
    ],
  ])("%s gives a fresh session", async (_, record) => {
    const session = await sessionFrom(record);
    expect(session.id).not.toBe("known");
    expect(Object.keys(session)).toEqual(["cookie"]);
  });

  function nested(depth: number): unknown {
    let value: unknown = {};
    for (let i = 0; i < depth; i++) value = { value };
    return value;
  }

  // Node 20 to 24 cannot serialise a record this deep (the call stack runs out); Node 26
  // serialises any depth. Each runtime of the CI matrix runs the case that applies to it.
  const deepRecord = { user: "ada", deep: nested(100_000) };
  const serialisesDeepRecord = (() => {
    try {
      JSON.stringify(deepRecord);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(serialisesDeepRecord)(
    "a record nested too deep to serialise gives a fresh session instead of a raw error (skipped on runtimes whose JSON.stringify has no depth limit)",
    async () => {
      const session = await sessionFrom(deepRecord);
      expect(session.user).toBeUndefined();
      expect(session.id).not.toBe("known");
    },
  );

  it.skipIf(!serialisesDeepRecord)(
    "a deeply nested record is read where JSON.stringify has no depth limit (skipped on runtimes where it has one)",
    async () => {
      const session = await sessionFrom(deepRecord);
      expect(session.user).toBe("ada");
      expect(session.id).toBe("known");
    },
  );

  it.each<[string, () => unknown]>([
    [
      "a record with a getter that throws",
      () =>
        Object.defineProperty({ user: "ada" }, "trap", {
          enumerable: true,
          get() {
            throw new Error("trap");
          },
        }),
    ],
    [
      "a record with a field whose toJSON throws",
      () => ({
        user: "ada",
        trap: {
          toJSON() {
            throw new Error("trap");
          },
        },
      }),
    ],
  ])("%s gives a fresh session instead of a raw error", async (_, record) => {
    const session = await sessionFrom(record());
    expect(session.user).toBeUndefined();
    expect(session.id).not.toBe("known");
  });

  it.each<[string, unknown]>([
    ["an ISO string", future.toISOString()],
    ["a Date", future],
    ["epoch milliseconds", future.getTime()],
  ])("turns cookie.expires given as %s into a Date", async (_, expires) => {
    const session = await sessionFrom({ views: 3, cookie: { ...cookie, maxAge: 600, expires } });
    expect(session.id).toBe("known");
    expect(session.views).toBe(3);
    expect(session.cookie.expires).toEqual(future);
  });

  it.each<[string, unknown]>([
    ["a string that is not a date", "not a date"],
    ["an invalid Date", new Date(Number.NaN)],
    ["an object", { at: 1 }],
  ])("keeps the data and drops cookie.expires when it is %s", async (_, expires) => {
    const session = await sessionFrom({ user: "ada", cookie: { ...cookie, expires } });
    expect(session.id).toBe("known");
    expect(session.user).toBe("ada");
    expect(session.cookie.expires).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ["no cookie", { user: "ada" }],
    ["a cookie that is a string", { user: "ada", cookie: "yes" }],
  ])("gives a record with %s the configured cookie and keeps its data", async (_, record) => {
    const session = await sessionFrom(record, { cookie: { maxAge: 60 } });
    expect(session.id).toBe("known");
    expect(session.user).toBe("ada");
    expect(session.cookie).toEqual({
      ...cookie,
      domain: undefined,
      sameSite: undefined,
      maxAge: 60,
      expires: expect.any(Date),
    });
  });

  it.each<[string, unknown]>([
    ["no cookie", { user: "ada" }],
    ["an unreadable expiry", { user: "ada", cookie: { expires: "not a date" } }],
    [
      "a maxAge that is not a number",
      { user: "ada", cookie: { maxAge: "soon", expires: "2999-01-01" } },
    ],
  ])("a record with %s can be touched without an invalid date", async (_, record) => {
    const session = await sessionFrom(record, { touchAfter: 0 });
    expect(session.id).toBe("known");
    expect(session.user).toBe("ada");
    session.touch();
    const { expires } = session.cookie;
    expect(expires === undefined ? "none" : expires.getTime()).not.toBeNaN();
  });

  it("a frozen record keeps its data and can be touched and saved", async () => {
    const record = Object.freeze({
      user: "ada",
      cookie: Object.freeze({ ...cookie, maxAge: 60, expires: "2999-01-01" }),
    });
    const store = testStore({ answer: record });
    const getSession = nextSession({ store, touchAfter: 0 });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    expect(session.user).toBe("ada");
    expect(session.id).toBe("known");
    session.user = "grace";
    await session.commit();
    expect(store.callsTo("set").map((call) => JSON.parse(call.session ?? "{}").user)).toEqual([
      "grace",
    ]);
    expect(record.user).toBe("ada");
  });

  it("a frozen record without a cookie keeps its data and gets the configured cookie", async () => {
    const session = await sessionFrom(Object.freeze({ user: "ada" }));
    expect(session.id).toBe("known");
    expect(session.user).toBe("ada");
    expect(session.cookie).toMatchObject(cookie);
  });

  it("a store that hands back the very object it was given still counts", async () => {
    const records = new Map<string, SessionData>();
    const store: SessionStore = {
      get: async (sid) => records.get(sid),
      set: async (sid, sess) => void records.set(sid, sess),
      destroy: async (sid) => void records.delete(sid),
    };
    const app = await sessionApp({ store });
    const client = app.client();
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await client.request()).body);
    expect(bodies).toEqual(["1", "2", "3"]);
  });

  it("keys such as __proto__ and constructor stay plain data", async () => {
    const record = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "cookie": {}}',
    ) as unknown;
    const store = testStore({ answer: record });
    const getSession = nextSession({ store });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    session.n = 1;
    await session.commit();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    expect(JSON.parse(store.memory.store.get("known") ?? "{}")).toMatchObject({ n: 1 });
  });
});
