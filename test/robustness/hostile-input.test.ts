import { describe, expect, it } from "vitest";
import { MAX_COOKIE_VALUE_LENGTH, MAX_ID_LENGTH } from "../../src/cookie/session-id.js";
import { nextSession, type Options } from "../../src/index.js";
import { exchange } from "../helpers/exchange.js";
import { rawRequest } from "../helpers/raw-request.js";
import { serve } from "../helpers/server.js";
import { testStore } from "../helpers/stores.js";

/** A store holding one session, "known", with user "ada". */
function knownStore() {
  return testStore({
    records: { known: { cookie: { httpOnly: true, path: "/", secure: false }, user: "ada" } },
  });
}

async function userFor(cookie: string | undefined, options: Options = {}) {
  const getSession = nextSession({ store: knownStore(), ...options });
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
    const store = knownStore();
    const getSession = nextSession({ store });
    for (const id of ["x".repeat(MAX_ID_LENGTH), "x".repeat(MAX_ID_LENGTH + 1), "ünï cødé.~!*"]) {
      const { req, res } = exchange({ cookie: `sid=${encodeURIComponent(id)}` });
      await getSession(req, res);
    }
    expect(store.callsTo("get").map((call) => call.sid)).toEqual([
      "x".repeat(MAX_ID_LENGTH),
      "ünï cødé.~!*",
    ]);
  });

  it.each<[string, string]>([
    ["NUL", "abc\u0000def"],
    ["a newline", "abc\ndef"],
    ["DEL", "abc\u007f"],
    ["a C1 control (NEL)", "abc\u0085"],
  ])(
    "does not look up an id containing %s (some stores reject it and would fail the request)",
    async (_, id) => {
      const store = knownStore();
      const getSession = nextSession({ store });
      const { req, res } = exchange({ cookie: `sid=${encodeURIComponent(id)}` });
      const session = await getSession(req, res);
      expect(session.id).not.toBe(id);
      expect(store.callsTo("get")).toEqual([]);
    },
  );

  it("does not run decode on a cookie value longer than a browser can send", async () => {
    const decoded: string[] = [];
    const decode = (raw: string) => {
      decoded.push(raw);
      return raw.slice(0, 21);
    };
    const getSession = nextSession({ store: knownStore(), decode });
    for (const length of [MAX_COOKIE_VALUE_LENGTH, MAX_COOKIE_VALUE_LENGTH + 1]) {
      const { req, res } = exchange({ cookie: `sid=${"v".repeat(length)}` });
      await getSession(req, res);
    }
    expect(decoded.map((raw) => raw.length)).toEqual([MAX_COOKIE_VALUE_LENGTH]);
  });

  it("answers repeated Cookie headers and odd bytes over real HTTP, then keeps serving", async () => {
    const getSession = nextSession({ store: knownStore() });
    let handled = 0;
    const server = await serve(async (req, res) => {
      handled += 1;
      const session = await getSession(req, res);
      res.end(String(session.user ?? "nobody"));
    });
    const repeated = await rawRequest(server.url, ["Cookie: sid=known", "Cookie: sid=other"]);
    expect(repeated).toEqual({ status: 200, body: "nobody" });
    const same = await rawRequest(server.url, ["Cookie: sid=known", "Cookie: sid=known"]);
    expect(same).toEqual({ status: 200, body: "ada" });
    const latin1 = await rawRequest(server.url, ["Cookie: sid=\u00ff\u00fe"]);
    expect(latin1).toEqual({ status: 200, body: "nobody" });
    // Node itself refuses a control character in a header value, before any handler runs
    // (the table above feeds one to getSession directly).
    const control = await rawRequest(server.url, ["Cookie: sid=\u0001"]);
    expect({ status: control.status, handled }).toEqual({ status: 400, handled: 3 });
    expect(await rawRequest(server.url, ["Cookie: sid=known"])).toEqual({
      status: 200,
      body: "ada",
    });
  });
});
