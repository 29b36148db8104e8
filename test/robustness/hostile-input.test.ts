import { describe, expect, it } from "vitest";
import { MAX_COOKIE_VALUE_LENGTH, MAX_ID_LENGTH } from "../../src/cookie/session-id.js";
import { MemoryStore, nextSession } from "../../src/index.js";
import type { Options, SessionData, SessionStore } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { exchange } from "../helpers/exchange.js";
import { rawRequest } from "../helpers/raw-request.js";
import { startServer } from "../helpers/server.js";

/** A store holding one session, "known", with user "ada"; and a log of looked-up ids. */
function knownStore() {
  const memory = new MemoryStore();
  const lookedUp: string[] = [];
  void memory.set("known", { cookie: { httpOnly: true, path: "/", secure: false }, user: "ada" });
  const store: SessionStore = {
    get: (sid) => {
      lookedUp.push(sid);
      return memory.get(sid);
    },
    set: (sid, sess) => memory.set(sid, sess),
    destroy: (sid) => memory.destroy(sid),
  };
  return { store, lookedUp };
}

async function userFor(cookie: string | undefined, options: Options = {}) {
  const { store } = knownStore();
  const getSession = nextSession({ store, ...options });
  const { req, res } = exchange(cookie === undefined ? {} : { cookie });
  const session = await getSession(req, res);
  return session.user ?? null;
}

describe("hostile Cookie headers", () => {
  it.each<[string, string | undefined, string | null]>([
    ["no header", undefined, null],
    ["an empty header", "", null],
    ["a header without the cookie", "other=known", null],
    ["a name without a value", "sid", null],
    ["an empty value", "sid=", null],
    ["only separators", ";;;=;=", null],
    ["the known id", "sid=known", "ada"],
    ["the known id with spaces", "  sid=known ;", "ada"],
    ["two different values: neither counts", "sid=known; sid=other", null],
    ["two different values, the known one last", "sid=other; sid=known", null],
    ["the same value twice", "sid=known; a=1; sid=known", "ada"],
    ["a quoted id", 'sid="known"', "ada"],
    ["invalid percent-encoding", "sid=%E0%A4%A", null],
    ["a lone surrogate", "sid=\uD800", null],
    ["control characters", "sid=\u0000\u0001\u001f\u007f", null],
    ["a 4 KB value", `sid=${"k".repeat(4096)}`, null],
    ["a __proto__ cookie", "__proto__=known; constructor=known", null],
    ["an id called __proto__", "sid=__proto__", null],
  ])("%s", async (_, cookie, user) => {
    expect(await userFor(cookie)).toBe(user);
    expect(({} as Record<string, unknown>).user).toBeUndefined();
  });

  it.each<[string, string]>([
    ["an unsigned id", "sid=known"],
    ["a forged signature", "sid=s%3Aknown.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a signature without an id", "sid=s%3A.AAAA"],
  ])("with a secret, %s means no session", async (_, cookie) => {
    expect(await userFor(cookie, { secret: "s" })).toBeNull();
  });

  it.each<[string, NonNullable<Options["decode"]>]>([
    [
      "throws",
      () => {
        throw new Error("tampered");
      },
    ],
    ["returns null", () => null],
    ["returns an empty string", () => ""],
    ["returns a non-string", () => 42 as unknown as string],
  ])("a decode that %s gives a fresh session", async (_, decode) => {
    expect(await userFor("sid=known", { decode })).toBeNull();
  });

  it("does not look up ids longer than the bound, and looks up any shorter id", async () => {
    const { store, lookedUp } = knownStore();
    const getSession = nextSession({ store });
    for (const id of ["x".repeat(MAX_ID_LENGTH), "x".repeat(MAX_ID_LENGTH + 1), "ünï cødé.~!*"]) {
      const { req, res } = exchange({ cookie: `sid=${encodeURIComponent(id)}` });
      await getSession(req, res);
    }
    expect(lookedUp).toEqual(["x".repeat(MAX_ID_LENGTH), "ünï cødé.~!*"]);
  });

  it.each<[string, string]>([
    ["NUL", "abc\u0000def"],
    ["a newline", "abc\ndef"],
    ["DEL", "abc\u007f"],
    ["a C1 control (NEL)", "abc\u0085"],
  ])(
    "does not look up an id containing %s (some stores reject it and would fail the request)",
    async (_, id) => {
      const { store, lookedUp } = knownStore();
      const getSession = nextSession({ store });
      const { req, res } = exchange({ cookie: `sid=${encodeURIComponent(id)}` });
      const session = await getSession(req, res);
      expect(session.id).not.toBe(id);
      expect(lookedUp).toEqual([]);
    },
  );

  it("does not run decode on a cookie value longer than a browser can send", async () => {
    const decoded: string[] = [];
    const decode = (raw: string) => {
      decoded.push(raw);
      return raw.slice(0, 21);
    };
    const { store } = knownStore();
    const getSession = nextSession({ store, decode });
    for (const length of [MAX_COOKIE_VALUE_LENGTH, MAX_COOKIE_VALUE_LENGTH + 1]) {
      const { req, res } = exchange({ cookie: `sid=${"v".repeat(length)}` });
      await getSession(req, res);
    }
    expect(decoded.map((raw) => raw.length)).toEqual([MAX_COOKIE_VALUE_LENGTH]);
  });

  it("answers repeated Cookie headers and odd bytes over real HTTP, then keeps serving", async () => {
    const { store } = knownStore();
    const getSession = nextSession({ store });
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      res.end(String(session.user ?? "nobody"));
    });
    try {
      const repeated = await rawRequest(server.url, ["Cookie: sid=known", "Cookie: sid=other"]);
      expect(repeated).toEqual({ status: 200, body: "nobody" });
      const same = await rawRequest(server.url, ["Cookie: sid=known", "Cookie: sid=known"]);
      expect(same).toEqual({ status: 200, body: "ada" });
      const latin1 = await rawRequest(server.url, ["Cookie: sid=\u00ff\u00fe"]);
      expect(latin1).toEqual({ status: 200, body: "nobody" });
      // Node itself refuses control characters in a header (400) before any handler runs.
      const control = await rawRequest(server.url, ["Cookie: sid=\u0001"]);
      expect([200, 400]).toContain(control.status);
      expect(await rawRequest(server.url, ["Cookie: sid=known"])).toEqual({
        status: 200,
        body: "ada",
      });
    } finally {
      await server.close();
    }
  });
});

describe("hostile store records", () => {
  function storeAnswering(record: unknown): SessionStore {
    return {
      get: async () => record as SessionData,
      set: async () => {},
      destroy: async () => {},
    };
  }

  it.each<[string, unknown]>([
    ["a string", "session"],
    ["a number", 42],
    ["true", true],
    ["an array", [{ user: "ada" }]],
    ["an expired session", { user: "ada", cookie: { expires: new Date(0).toISOString() } }],
  ])("%s gives a fresh session", async (_, record) => {
    const getSession = nextSession({ store: storeAnswering(record) });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    expect(session.user).toBeUndefined();
    expect(session.id).not.toBe("known");
  });

  function nested(depth: number): unknown {
    let value: unknown = {};
    for (let i = 0; i < depth; i++) value = { value };
    return value;
  }

  it.each<[string, () => unknown]>([
    ["a record nested too deep to serialise", () => ({ user: "ada", deep: nested(20_000) })],
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
    const getSession = nextSession({ store: storeAnswering(record()) });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    expect(session.user).toBeUndefined();
    expect(session.id).not.toBe("known");
  });

  it.each<[string, unknown]>([
    ["no cookie", { user: "ada" }],
    ["a cookie that is a string", { user: "ada", cookie: "yes" }],
    ["an unreadable expiry", { user: "ada", cookie: { expires: "not a date" } }],
    [
      "a maxAge that is not a number",
      { user: "ada", cookie: { maxAge: "soon", expires: "2999-01-01" } },
    ],
  ])("a record with %s keeps its data and gets a usable cookie", async (_, record) => {
    const getSession = nextSession({ store: storeAnswering(record), touchAfter: 0 });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    expect(session.user).toBe("ada");
    expect(session.id).toBe("known");
    session.touch();
    const { expires } = session.cookie;
    expect(expires === undefined || !Number.isNaN(expires.getTime())).toBe(true);
  });

  it("a frozen record keeps its data and can be touched and saved", async () => {
    const record = Object.freeze({
      user: "ada",
      cookie: Object.freeze({
        path: "/",
        httpOnly: true,
        secure: false,
        maxAge: 60,
        expires: "2999-01-01",
      }),
    });
    const saved: SessionData[] = [];
    const store = {
      ...storeAnswering(record),
      set: async (_: string, sess: SessionData) => void saved.push(sess),
    };
    const getSession = nextSession({ store, touchAfter: 0 });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    expect(session.user).toBe("ada");
    expect(session.id).toBe("known");
    session.user = "grace";
    await session.commit();
    expect(saved.map((sess) => sess.user)).toEqual(["grace"]);
    expect(record.user).toBe("ada");
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
    const store = new MemoryStore();
    const getSession = nextSession({
      store: { ...storeAnswering(record), set: (sid, sess) => store.set(sid, sess) },
    });
    const { req, res } = exchange({ cookie: "sid=known" });
    const session = await getSession(req, res);
    session.n = 1;
    await session.commit();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    expect(JSON.parse(store.store.get("known") ?? "{}")).toMatchObject({ n: 1 });
  });
});

describe("touch() without maxAge", () => {
  it("never writes an invalid date", async () => {
    const getSession = nextSession();
    const { req, res } = exchange({});
    const session = await getSession(req, res);
    session.touch();
    expect(session.cookie.expires).toBeUndefined();
  });
});
