/**
 * The cookie of a loaded session follows the options, not the record: hardening the options
 * (HttpOnly, Secure, SameSite, a shorter maxAge) reaches sessions saved before the change.
 * 4.0.5 used the attributes saved in each record; the differential cases pin that difference.
 */
import reference from "next-session-ref";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextSession, type Options, type SessionData, type SessionStore } from "../../src/index.js";
import { exchange } from "../helpers/exchange.js";
import { serve } from "../helpers/server.js";
import { type ParsedSetCookie, parseSetCookie } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";
import type { Factory } from "../helpers/transcript.js";

const ours = nextSession as Factory;
const ref = reference as unknown as Factory;

const START = new Date("2030-01-01T00:00:00Z").getTime();
const YEAR = 365 * 24 * 3600;

beforeEach(() => {
  // Only Date is faked: the HTTP servers and sockets keep their real timers.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A server whose handler logs in on /login and only reads otherwise. */
async function loginServer(getSession: ReturnType<Factory>) {
  const server = await serve(async (req, res) => {
    const session = await getSession(req, res);
    if (req.url === "/login") session.user = "ada";
    res.end(String(session.user ?? "nobody"));
  });
  return server.url;
}

interface Visit {
  body: string;
  cookie: ParsedSetCookie | undefined;
  /** Seconds from now that the cookie's Expires names. */
  expiresIn: number | undefined;
}

async function visit(url: string, cookie?: string): Promise<Visit> {
  const response = await fetch(url, cookie === undefined ? {} : { headers: { cookie } });
  const [header] = response.headers.getSetCookie();
  const parsed = header === undefined ? undefined : parseSetCookie(header);
  const expires = parsed?.attributes.expires;
  return {
    body: await response.text(),
    cookie: parsed,
    expiresIn:
      typeof expires === "string"
        ? Math.round((Date.parse(expires) - Date.now()) / 1000)
        : undefined,
  };
}

/** Logs in under `before`, then visits under `after` with the same store, a minute later. */
async function deployChange(factory: Factory, before: Options, after: Options) {
  const store = testStore();
  const login = await visit(`${await loginServer(factory({ ...before, store }))}/login`);
  const pair = `sid=${login.cookie?.value}`;
  vi.setSystemTime(START + 60_000);
  const url = await loginServer(factory({ ...after, store }));
  store.calls.length = 0;
  const first = await visit(url, pair);
  const calls = store.calls.map((call) => call.method);
  const second = await visit(url, pair);
  return { first, second, calls };
}

const LAX = { cookie: { httpOnly: false, maxAge: YEAR } } satisfies Options;
const HARDENED = { cookie: { secure: true, sameSite: "strict", maxAge: 3600 } } satisfies Options;

describe("hardened options reach sessions saved before the change", () => {
  it("with touchAfter, the next touch carries the configured attributes and the shorter maxAge (4.0.5 keeps the stored ones)", async () => {
    const after = { ...HARDENED, touchAfter: 0 };
    const theirs = await deployChange(ref, LAX, after);
    const mine = await deployChange(ours, LAX, after);

    expect(theirs.first.body).toBe("ada");
    expect(theirs.first.cookie?.attributes).toEqual({ path: "/", expires: expect.any(String) });
    expect(theirs.first.expiresIn).toBe(YEAR);

    expect(mine.first.body).toBe("ada");
    expect(mine.first.cookie?.attributes).toEqual({
      path: "/",
      expires: expect.any(String),
      httponly: true,
      secure: true,
      samesite: "Strict",
    });
    expect(mine.first.expiresIn).toBe(3600);
    expect(mine.calls).toEqual(["get", "touch"]);
  });

  it("without touchAfter, a stored expiry beyond the configured maxAge is brought in once", async () => {
    const mine = await deployChange(ours, LAX, HARDENED);
    expect(mine.first.expiresIn).toBe(3600);
    expect(mine.first.cookie?.attributes).toMatchObject({ httponly: true, secure: true });
    expect(mine.calls).toEqual(["get", "touch"]);
    // Now within the configured lifetime: nothing more to send or write.
    expect(mine.second).toEqual({ body: "ada", cookie: undefined, expiresIn: undefined });
  });

  it("without touchAfter or a change of maxAge, changed attributes are sent once", async () => {
    const before = { cookie: { maxAge: 3600 } } satisfies Options;
    const after = { cookie: { maxAge: 3600, secure: true, sameSite: "lax" } } satisfies Options;
    const mine = await deployChange(ours, before, after);
    expect(mine.first.cookie?.attributes).toMatchObject({ secure: true, samesite: "Lax" });
    expect(mine.calls).toEqual(["get", "touch"]);
    expect(mine.second).toEqual({ body: "ada", cookie: undefined, expiresIn: undefined });
  });

  it("a longer configured maxAge does not stretch a session saved with a shorter one", async () => {
    const short = { cookie: { maxAge: 600 } } satisfies Options;
    const long = { cookie: { maxAge: YEAR }, touchAfter: 0 } satisfies Options;
    const mine = await deployChange(ours, short, long);
    expect(mine.first.expiresIn).toBe(600);
  });
});

describe("the cookie of a loaded record", () => {
  function storeAnswering(record: object): SessionStore {
    return {
      get: async () => structuredClone(record) as SessionData,
      set: async () => {},
      destroy: async () => {},
    };
  }

  async function load(record: object, options: Options) {
    const getSession = nextSession({ ...options, store: storeAnswering(record) });
    const { req, res } = exchange({ cookie: "sid=known" });
    return getSession(req, res);
  }

  it.each<[string, object]>([
    ["an empty cookie", {}],
    ["an array as cookie", []],
    [
      "attributes that the options contradict",
      { path: "/old", httpOnly: false, secure: false, domain: "old.test", sameSite: "none" },
    ],
  ])("with %s gets the configured attributes", async (_, cookie) => {
    const session = await load(
      { user: "ada", cookie },
      { cookie: { secure: true, sameSite: "lax", path: "/app", domain: "app.test" } },
    );
    expect(session.user).toBe("ada");
    expect(session.cookie).toMatchObject({
      path: "/app",
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      domain: "app.test",
    });
  });

  it("keeps a per-session maxAge shorter than the configured one, and caps a longer one", async () => {
    const expires = new Date(START + 60_000).toISOString();
    const shorter = await load({ cookie: { maxAge: 60, expires } }, { cookie: { maxAge: 3600 } });
    expect(shorter.cookie.maxAge).toBe(60);
    shorter.touch();
    expect(shorter.cookie.expires?.getTime()).toBe(START + 60_000);

    const configured = await load({ cookie: { maxAge: 60, expires } }, { cookie: { maxAge: 30 } });
    configured.cookie.maxAge = YEAR;
    configured.touch();
    expect(configured.cookie.expires?.getTime()).toBe(START + 30_000);
  });

  it("keeps a stored maxAge when no maxAge is configured", async () => {
    const expires = new Date(START + 60_000).toISOString();
    const session = await load({ cookie: { maxAge: 60, expires } }, {});
    expect(session.cookie.maxAge).toBe(60);
    expect(session.cookie.expires?.getTime()).toBe(START + 60_000);
  });
});
