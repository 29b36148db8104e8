/**
 * Differential tests for option values and stores: for every option, `null`, `undefined`, a
 * value next-session 4.0.5 coerced and a wrong type, each compared with 4.0.5 (the
 * `next-session-ref` dev dependency) over real HTTP: start-up, then status, body, Set-Cookie
 * and store calls of one request sequence. Where ours differs on purpose, the row says how
 * and why; the README's "Differences from next-session 4.0.5" lists the same cases.
 */
import reference from "next-session-ref";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextSession } from "../../src/index.js";
import type { SessionData } from "../../src/types.js";
import { exchange } from "../helpers/exchange.js";
import { routes } from "../helpers/routes.js";
import type { TestStore } from "../helpers/stores.js";
import {
  type Factory,
  type Step,
  type TranscriptSettings,
  transcript,
} from "../helpers/transcript.js";

const ours = nextSession as Factory;
const ref = reference as unknown as Factory;

/** Options as a JavaScript user may pass them: any value for any option. */
type LooseOptions = Record<string, unknown>;

/** A new session, a return visit that changes it, a read-only visit, a logout, a visit after. */
const VISITS = ["/", "/", "/read", "/logout", "/read"];

const run = (factory: Factory, options: LooseOptions, settings?: TranscriptSettings) =>
  transcript(factory, options as never, routes, VISITS, settings);

function startsUp(factory: Factory, options: LooseOptions): unknown {
  try {
    factory(options as never);
    return "starts";
  } catch (error) {
    return error;
  }
}

/** How 4.0.5 fails when it first needs a value it cannot use. */
const refFailsWhen = {
  /** Loading a session (the request carries a cookie): getSession rejects. */
  async loading(options: LooseOptions): Promise<unknown> {
    const { req, res } = exchange({ cookie: "sid=abc" });
    return ref(options as never)(req, res).then(
      () => "loaded",
      (error: unknown) => error,
    );
  },
  /** Writing the cookie of a new session: `res.writeHead` throws. */
  async writingTheCookie(options: LooseOptions): Promise<unknown> {
    const { req, res } = exchange({});
    const session = await ref(options as never)(req, res);
    session.views = 1;
    try {
      res.writeHead(200);
      return "written";
    } catch (error) {
      return error;
    }
  },
  /** Saving a changed session when the response ends: `res.end` throws. */
  async saving(options: LooseOptions, { cookie = "" } = {}): Promise<unknown> {
    const { req, res } = exchange({ cookie });
    const session = await ref(options as never)(req, res);
    if (cookie === "") session.views = 1;
    try {
      res.end();
      return "saved";
    } catch (error) {
      return error;
    }
  },
};

const bodies = (steps: Step[]) => steps.map((step) => step.body);

type Expectation =
  | { same: true }
  /** 4.0.5 starts; ours throws a TypeError naming `option`; `ref` checks 4.0.5's outcome. */
  | { refused: string; why: string; ref: (options: LooseOptions) => Promise<void> }
  /** Both start, and `check` pins how the transcripts differ, and why. */
  | { differs: string; check: (mine: Step[], theirs: Step[]) => void };

const same: Expectation = { same: true };

/** 4.0.5 throws `message` at the first request that needs the value. */
function refusedAsRefFails(
  option: string,
  when: keyof typeof refFailsWhen,
  message: RegExp,
): Expectation {
  return {
    refused: option,
    why: `4.0.5 fails ${when} a session`,
    ref: async (options) => {
      expect(await refFailsWhen[when](options)).toEqual(
        expect.objectContaining({ message: expect.stringMatching(message) }),
      );
    },
  };
}

/**
 * 4.0.5 never keeps a session: the second visit starts a new one ("1") or fails on the
 * record the first one left (`secondVisit`).
 */
function refusedAsRefLosesSessions(option: string, why: string, secondVisit = "1"): Expectation {
  return {
    refused: option,
    why,
    ref: async (options) => {
      expect(bodies(await run(ref, options)).slice(0, 2)).toEqual(["1", secondVisit]);
    },
  };
}

/** What 4.0.5 answers when a record it saved with an Invalid Date expiry comes back. */
const INVALID_EXPIRY = "Cannot read properties of null (reading 'getTime')";

/** 4.0.5 serves and keeps the session, but sends a Set-Cookie that `cookie` shows. */
function refusedAlthoughRefServes(option: string, why: string, cookie: RegExp): Expectation {
  return {
    refused: option,
    why,
    ref: async (options) => {
      const theirs = await run(ref, options);
      expect(theirs[0]?.cookies[0]).toMatch(cookie);
      expect(theirs[0]?.status).toBe(200);
    },
  };
}

type Row = [
  value: string,
  options: LooseOptions,
  expectation: Expectation,
  settings?: TranscriptSettings,
];

const maxAge = (value: unknown) => ({ cookie: { maxAge: value } });
const withMaxAge = (options: LooseOptions) => ({ ...options, cookie: { maxAge: 600 } });

/** Each option × null, undefined, a value 4.0.5 coerced, a wrong type (and any extra case). */
const table: Record<string, Row[]> = {
  options: [
    ["undefined", {}, same],
    ["a string", "sid" as unknown as LooseOptions, same],
  ],
  name: [
    ["null", { name: null }, same],
    ["undefined", { name: undefined }, same],
    ['""', { name: "" }, same],
    ["42", { name: 42 }, same],
    ["true", { name: true }, same],
    [
      "an object",
      { name: {} },
      refusedAlthoughRefServes(
        "name",
        'the cookie grammar (RFC 6265, and the cookie package that writes Set-Cookie) refuses the space in "[object Object]"',
        /^\[object Object\]=#1/,
      ),
    ],
    [
      '"my sid"',
      { name: "my sid" },
      refusedAlthoughRefServes("name", "the cookie grammar refuses a space", /^my sid=#1/),
    ],
    [
      '"séance"',
      { name: "séance" },
      refusedAsRefLosesSessions("name", "4.0.5 writes it as UTF-8 and never finds it again"),
    ],
    [
      '"a=b"',
      { name: "a=b" },
      refusedAsRefLosesSessions("name", "a browser reads the cookie as one named a"),
    ],
  ],
  store: [
    ["null", {}, same, { store: () => null }],
    ["undefined", {}, same, { store: () => undefined }],
    ["0", {}, same, { store: () => 0 }],
    ['"redis"', { store: "redis" }, refusedAsRefFails("store", "saving", /store.set is not/)],
    ["an object without methods", { store: {} }, refusedAsRefFails("store", "saving", /set/)],
  ],
  genid: [
    ["null", { genid: null }, same],
    ["undefined", { genid: undefined }, same],
    ["0", { genid: 0 }, same],
    ['"x"', { genid: "x" }, refusedAsRefFails("genid", "loading", /genId is not a function/)],
  ],
  encode: [
    ["null", { encode: null }, same],
    ["undefined", { encode: undefined }, same],
    ["0", { encode: 0 }, same],
    ['"x"', { encode: "x" }, refusedAsRefFails("encode", "writingTheCookie", /encodeFn is not/)],
  ],
  decode: [
    ["null", { decode: null }, same],
    ["undefined", { decode: undefined }, same],
    ["0", { decode: 0 }, same],
    ["1", { decode: 1 }, refusedAsRefFails("decode", "loading", /decode is not a function/)],
  ],
  touchAfter: [
    ["null", withMaxAge({ touchAfter: null }), same],
    ["undefined", withMaxAge({ touchAfter: undefined }), same],
    ['"0"', withMaxAge({ touchAfter: "0" }), same],
    ['"3600"', withMaxAge({ touchAfter: "3600" }), same],
    ['"abc"', withMaxAge({ touchAfter: "abc" }), same],
    ["an object", withMaxAge({ touchAfter: {} }), same],
  ],
  autoCommit: [
    ["null", { autoCommit: null }, same],
    ["undefined", { autoCommit: undefined }, same],
    ["0", { autoCommit: 0 }, same],
    ['"false" (truthy)', { autoCommit: "false" }, same],
    ["an object", { autoCommit: {} }, same],
  ],
  onError: [
    ["null", { onError: null }, same],
    ["undefined", { onError: undefined }, same],
    ["0", { onError: 0 }, same],
    [
      '"log"',
      { onError: "log" },
      refusedAlthoughRefServes(
        "onError",
        "not an option of 4.0.5 (which ignores it): ours checks it like any other",
        /^sid=#1/,
      ),
    ],
  ],
  secret: [
    ["null", { secret: null }, same],
    ["undefined", { secret: undefined }, same],
    ['""', { secret: "" }, same],
    [
      "42",
      { secret: 42 },
      refusedAlthoughRefServes(
        "secret",
        "not an option of 4.0.5 (which ignores it): ours checks it like any other",
        /^sid=#1/,
      ),
    ],
  ],
  cookie: [
    ["null", { cookie: null }, same],
    ["undefined", { cookie: undefined }, same],
    ['"x"', { cookie: "x" }, same],
    ["5", { cookie: 5 }, same],
  ],
  "cookie.secure": [
    ["null", { cookie: { secure: null } }, same],
    ["undefined", { cookie: { secure: undefined } }, same],
    ["0", { cookie: { secure: 0 } }, same],
    ['"false" (truthy)', { cookie: { secure: "false" } }, same],
    ["an object", { cookie: { secure: {} } }, same],
  ],
  "cookie.httpOnly": [
    ["null", { cookie: { httpOnly: null } }, same],
    ["undefined", { cookie: { httpOnly: undefined } }, same],
    ["0", { cookie: { httpOnly: 0 } }, same],
    ['"false" (truthy)', { cookie: { httpOnly: "false" } }, same],
  ],
  "cookie.path": [
    ["null", { cookie: { path: null } }, same],
    ["undefined", { cookie: { path: undefined } }, same],
    ['""', { cookie: { path: "" } }, same],
    ["1", { cookie: { path: 1 } }, same],
    ["an object", { cookie: { path: {} } }, same],
    [
      '"/a;b"',
      { cookie: { path: "/a;b" } },
      refusedAlthoughRefServes(
        "cookie.path",
        'unsafe: ";" ends the attribute, so a path can inject others',
        /path=\/a; b/,
      ),
    ],
    [
      '"/a<b"',
      { cookie: { path: "/a<b" } },
      refusedAlthoughRefServes(
        "cookie.path",
        'the cookie package that writes our Set-Cookie refuses "<"',
        /path=\/a<b/,
      ),
    ],
    [
      "a line break",
      { cookie: { path: "/a\n" } },
      refusedAsRefFails("cookie.path", "writingTheCookie", /option path is invalid/),
    ],
  ],
  "cookie.domain": [
    ["null", { cookie: { domain: null } }, same],
    ["undefined", { cookie: { domain: undefined } }, same],
    ['""', { cookie: { domain: "" } }, same],
    ["0", { cookie: { domain: 0 } }, same],
    [
      '"exa mple.com"',
      { cookie: { domain: "exa mple.com" } },
      refusedAlthoughRefServes(
        "cookie.domain",
        "not a domain name: browsers refuse the cookie",
        /domain=exa mple\.com/,
      ),
    ],
    [
      '"localhost:3000"',
      { cookie: { domain: "localhost:3000" } },
      refusedAlthoughRefServes(
        "cookie.domain",
        "a port is not part of a domain: browsers refuse the cookie",
        /domain=localhost:3000/,
      ),
    ],
  ],
  "cookie.sameSite": [
    ["null", { cookie: { sameSite: null } }, same],
    ["undefined", { cookie: { sameSite: undefined } }, same],
    ["0", { cookie: { sameSite: 0 } }, same],
    ['""', { cookie: { sameSite: "" } }, same],
    ['"Lax"', { cookie: { sameSite: "Lax" } }, same],
    [
      '"sometimes"',
      { cookie: { sameSite: "sometimes" } },
      refusedAsRefFails("cookie.sameSite", "writingTheCookie", /option sameSite is invalid/),
    ],
    [
      "1",
      { cookie: { sameSite: 1 } },
      refusedAsRefFails("cookie.sameSite", "writingTheCookie", /option sameSite is invalid/),
    ],
  ],
  "cookie.maxAge": [
    ["null", maxAge(null), same],
    ["undefined", maxAge(undefined), same],
    ["0", maxAge(0), same],
    ['""', maxAge(""), same],
    ['"60"', maxAge("60"), same],
    ["[60]", maxAge([60]), same],
    [
      '"0"',
      maxAge("0"),
      {
        differs:
          '4.0.5 gives every session an expiry of "now", so none is ever kept; ours reads 0, a browser-session cookie, as for the number 0',
        check: (mine, theirs) => {
          expect(bodies(theirs).slice(0, 2)).toEqual(["1", "1"]);
          expect(bodies(mine).slice(0, 2)).toEqual(["1", "2"]);
        },
      },
    ],
    [
      '"abc"',
      maxAge("abc"),
      refusedAsRefLosesSessions("cookie.maxAge", "Expires=Invalid Date", INVALID_EXPIRY),
    ],
    ["-5", maxAge(-5), refusedAsRefLosesSessions("cookie.maxAge", "born expired")],
    [
      "Infinity",
      maxAge(Number.POSITIVE_INFINITY),
      refusedAsRefLosesSessions("cookie.maxAge", "Expires=Invalid Date", INVALID_EXPIRY),
    ],
    [
      "1e13",
      maxAge(1e13),
      refusedAsRefLosesSessions("cookie.maxAge", "Expires=Invalid Date", INVALID_EXPIRY),
    ],
  ],
  "cookie-name prefixes": [
    ['"__Host-sid" with secure', { name: "__Host-sid", cookie: { secure: true } }, same],
    ['"__Secure-sid" with secure', { name: "__Secure-sid", cookie: { secure: true } }, same],
    [
      '"__Host-sid" without secure',
      { name: "__Host-sid" },
      refusedAlthoughRefServes(
        "cookie.secure",
        "browsers refuse a __Host- cookie without Secure",
        /^__Host-sid=#1/,
      ),
    ],
    [
      '"__Secure-sid" without secure',
      { name: "__Secure-sid" },
      refusedAlthoughRefServes(
        "cookie.secure",
        "browsers refuse a __Secure- cookie without Secure",
        /^__Secure-sid=#1/,
      ),
    ],
  ],
};

describe("every option value 4.0.5 served with", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    // The compatibility warnings are tested in options-warnings.test.ts.
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  describe.each(Object.entries(table))("%s", (_, rows) => {
    it.each(rows)("%s", async (_, options, expectation, settings) => {
      if ("same" in expectation) {
        expect(startsUp(ours, options)).toBe("starts");
        expect(await run(ours, options, settings)).toEqual(await run(ref, options, settings));
      } else if ("differs" in expectation) {
        expectation.check(await run(ours, options, settings), await run(ref, options, settings));
      } else {
        expect(startsUp(ref, options)).toBe("starts");
        const error = startsUp(ours, options);
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(
          new RegExp(`^next-session: option "${expectation.refused}" must be`),
        );
        await expectation.ref(options);
      }
    });
  });

  it("null options: 4.0.5 throws at start-up, ours starts with the defaults", () => {
    expect(startsUp(ref, null as never)).toBeInstanceOf(TypeError);
    expect(startsUp(ours, null as never)).toBe("starts");
  });
});

/** A store with `method` removed (or replaced by `value`), calling through to the spy store. */
function storeWith(method: "get" | "set" | "destroy" | "touch", value?: unknown) {
  return (spy: TestStore) => {
    const store: Record<string, unknown> = {
      get: (sid: string) => spy.get(sid),
      set: (sid: string, session: SessionData) => spy.set(sid, session),
      destroy: (sid: string) => spy.destroy(sid),
      touch: (sid: string, session: SessionData) => spy.touch?.(sid, session),
    };
    if (value === undefined) delete store[method];
    else store[method] = value;
    return store;
  };
}

describe("stores missing a method: they work until the method is needed", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    // The start-up warning about the missing method is tested in options-warnings.test.ts.
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  const touching = { touchAfter: 0, cookie: { maxAge: 600 } };

  it("without destroy: the logout fails, with an error naming destroy()", async () => {
    const settings = { store: storeWith("destroy") };
    const mine = await run(ours, {}, settings);
    const theirs = await run(ref, {}, settings);
    expect(theirs[3]).toMatchObject({ status: 500, body: "store.destroy is not a function" });
    expect(mine[3]).toMatchObject({ status: 500, cookies: theirs[3]?.cookies });
    expect(mine[3]?.body).toMatch(/^next-session: the store has no destroy\(\) method/);
    const rest = (steps: Step[]) => steps.filter((_, index) => index !== 3);
    expect(rest(mine)).toEqual(rest(theirs));
  });

  it("without get: a request with a cookie fails, with an error naming store.get()", async () => {
    const settings = { store: storeWith("get") };
    const mine = await run(ours, {}, settings);
    const theirs = await run(ref, {}, settings);
    expect(mine.map((step) => step.status)).toEqual(theirs.map((step) => step.status));
    expect(mine[0]).toEqual(theirs[0]);
    expect(theirs[1]?.body).toBe("store.get is not a function");
    expect(mine[1]?.body).toBe("next-session: store.get() failed while loading the session");
  });

  it("without set: 4.0.5 crashes when it saves; ours completes and reports set() to onError", async () => {
    expect(await refFailsWhen.saving({ store: { get: async () => null } })).toEqual(
      expect.objectContaining({ message: "store.set is not a function" }),
    );
    const reported: unknown[] = [];
    const onError = (error: unknown) => reported.push(error);
    const mine = await run(ours, { onError }, { store: storeWith("set") });
    expect(mine.map((step) => step.status)).toEqual([200, 200, 200, 200, 200]);
    const missingSet = expect.objectContaining({
      message: "next-session: store.set() failed while ending the response",
      cause: expect.objectContaining({
        message: expect.stringMatching(/^next-session: the store has no set\(\)/),
      }),
    });
    // The two visits that changed the session.
    expect(reported).toEqual([missingSet, missingSet]);
  });

  it.each([
    ["without touch", storeWith("touch")],
    ["with touch: null", storeWith("touch", null)],
  ])("%s: a touched session is saved with set (4.0.5 does not save it)", async (_, store) => {
    const mine = await run(ours, touching, { store });
    const theirs = await run(ref, touching, { store });
    expect(theirs[2]?.store).toEqual(["get #1"]);
    expect(mine[2]?.store).toEqual(["get #1", "set #1"]);
    expect(mine.map((step) => step.cookies)).toEqual(theirs.map((step) => step.cookies));
  });

  it("with touch: true, 4.0.5 crashes on a touch; ours reads it as absent and saves with set", async () => {
    const record = {
      cookie: { path: "/", httpOnly: true, maxAge: 600, expires: new Date(Date.now() + 600_000) },
    };
    const store = {
      get: async () => record,
      set: async () => {},
      destroy: async () => {},
      touch: true,
    };
    expect(await refFailsWhen.saving({ ...touching, store }, { cookie: "sid=abc" })).toEqual(
      expect.objectContaining({ message: "store.touch is not a function" }),
    );
    const mine = await run(ours, touching, { store: storeWith("touch", true) });
    expect(mine[2]?.store).toEqual(["get #1", "set #1"]);
  });
});

describe("options are read once, when nextSession() runs", () => {
  it("a later change to the cookie options is not seen (4.0.5 read them at each new session)", async () => {
    const secureLater = async (factory: Factory) => {
      const cookie: Record<string, unknown> = {};
      const getSession = factory({ cookie } as never);
      cookie.secure = true;
      const { req, res } = exchange({});
      const session = await getSession(req, res);
      session.views = 1;
      res.writeHead(200);
      return String(res.getHeader("set-cookie"));
    };
    expect(await secureLater(ref)).toMatch(/; Secure$/);
    expect(await secureLater(ours)).not.toMatch(/Secure/);
  });
});
