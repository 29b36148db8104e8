import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { requestWith } from "../helpers/fetch.js";
import {
  cookieNames,
  cookiePair,
  expectExpiredCookie,
  sessionCookieOf,
} from "../helpers/set-cookie.js";

// `gc()` for the test that checks what the commit watcher keeps alive.
setFlagsFromString("--expose-gc");

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("getSession(request, headers)", () => {
  it("starts an empty session and sends nothing until it is committed", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    expect({ ...session, cookie: undefined }).toEqual({ cookie: undefined });
    expect(headers.getSetCookie()).toEqual([]);
    expect(store.store.size).toBe(0);
  });

  it("commits to the store and appends the cookie to the response headers", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, cookie: { maxAge: 60, sameSite: "lax" } });
    const headers = new Headers({ "set-cookie": "theirs=1" });
    const session = await getSession(requestWith(), headers);
    session.views = 1;
    await session.commit();

    expect(cookieNames(headers)).toEqual(["theirs", "sid"]);
    const ours = sessionCookieOf(headers);
    expect(ours.value).toBe(session.id);
    expect(ours.attributes).toEqual({
      path: "/",
      httponly: true,
      samesite: "Lax",
      expires: session.cookie.expires?.toUTCString(),
    });
    expect(JSON.parse(store.store.get(session.id) ?? "null")).toMatchObject({ views: 1 });
  });

  it("loads the session the cookie names, on a later request", async () => {
    const getSession = nextSession();
    const first = new Headers();
    const created = await getSession(requestWith(), first);
    created.user = "ada";
    await created.commit();

    const loaded = await getSession(requestWith(cookiePair(first)), new Headers());
    expect(loaded.id).toBe(created.id);
    expect(loaded.user).toBe("ada");
  });

  it.each([
    ["no session cookie", "other=1"],
    ["an empty value", "sid="],
    ["an unknown id", "sid=nobody"],
    ["a malformed header", "sid=%E0%A4%A; ;=;"],
  ])("starts a fresh session for %s", async (_case, cookie) => {
    const getSession = nextSession();
    const session = await getSession(requestWith(cookie), new Headers());
    expect(session.user).toBeUndefined();
    expect(session.id).toMatch(/^[\w-]{21}$/);
  });

  it("takes two session cookies with different values for no session, and the same value twice for it", async () => {
    const getSession = nextSession();
    const ids: string[] = [];
    for (const user of ["ada", "mallory"]) {
      const session = await getSession(requestWith(), new Headers());
      session.user = user;
      await session.commit();
      ids.push(session.id);
    }
    const [ada, mallory] = ids;
    const both = await getSession(requestWith(`sid=${ada}; sid=${mallory}`), new Headers());
    expect([both.user, both.id]).toEqual([
      undefined,
      expect.not.stringMatching(`${ada}|${mallory}`),
    ]);
    const twice = await getSession(requestWith(`sid=${ada}; sid=${ada}`), new Headers());
    expect(twice.user).toBe("ada");
  });

  it("applies encode and decode to the cookie value", async () => {
    const getSession = nextSession({
      encode: (id) => `enc.${id}`,
      decode: (value) => (value.startsWith("enc.") ? value.slice(4) : null),
    });
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    session.n = 1;
    await session.commit();
    expect(cookiePair(headers)).toBe(`sid=enc.${session.id}`);
    const again = await getSession(requestWith(cookiePair(headers)), new Headers());
    expect(again.n).toBe(1);
    const forged = await getSession(requestWith(`sid=${session.id}`), new Headers());
    expect(forged.n).toBeUndefined();
  });

  it("returns the same session for the same request and headers, and a new one after destroy()", async () => {
    const getSession = nextSession();
    const request = requestWith();
    const headers = new Headers();
    const session = await getSession(request, headers);
    expect(await getSession(request, headers)).toBe(session);
    expect(await getSession(request, new Headers())).not.toBe(session);
    await session.destroy();
    const next = await getSession(request, headers);
    expect(next).not.toBe(session);
    expect(next.id).not.toBe(session.id);
  });

  it("keeps one session cookie per response when it is written again", async () => {
    const getSession = nextSession();
    const headers = new Headers({ "set-cookie": "theirs=1" });
    const request = requestWith();
    const session = await getSession(request, headers);
    session.n = 1;
    await session.commit();
    await session.destroy();
    const fresh = await getSession(request, headers);
    fresh.n = 2;
    await fresh.commit();

    expect(cookieNames(headers)).toEqual(["theirs", "sid"]);
    expect(sessionCookieOf(headers).value).toBe(fresh.id);
  });

  it("destroy() removes the record and expires the cookie", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const first = new Headers();
    const session = await getSession(requestWith(), first);
    session.n = 1;
    await session.commit();

    const headers = new Headers();
    const loaded = await getSession(requestWith(cookiePair(first)), headers);
    await loaded.destroy();
    expectExpiredCookie(headers);
    expect(sessionCookieOf(headers).value).toBe(session.id);
    expect(store.store.has(session.id)).toBe(false);
  });

  it("never saves by itself, whatever autoCommit says", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, autoCommit: true });
    const session = await getSession(requestWith(), new Headers());
    session.n = 1;
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.store.size).toBe(0);
  });

  it("touches a returning session when touchAfter has passed, once committed", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, touchAfter: 0, cookie: { maxAge: 100 } });
    const first = new Headers();
    const session = await getSession(requestWith(), first);
    session.n = 1;
    await session.commit();
    const expiresBefore = session.cookie.expires?.getTime() ?? 0;

    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ["Date"] });
    const headers = new Headers();
    const loaded = await getSession(requestWith(cookiePair(first)), headers);
    expect(loaded.cookie.expires?.getTime()).toBeGreaterThanOrEqual(expiresBefore + 10_000);
    await loaded.commit();
    expect(headers.getSetCookie()).toHaveLength(1);
  });
});

describe("one Headers object for every response (misuse)", () => {
  const reused = /^next-session: these Headers were given to getSession\(\) with another request/;

  it("is refused once it carries another request's session cookie, so that cookie reaches nobody else", async () => {
    const getSession = nextSession();
    const shared = new Headers({ "access-control-allow-origin": "*" });
    const alice = await getSession(requestWith(), shared);
    alice.user = "alice";
    await alice.commit();
    await expect(getSession(requestWith(), shared)).rejects.toThrow(reused);
    expect(cookiePair(shared)).toBe(`sid=${alice.id}`);
  });

  it("is refused while another request that loaded a session with it is still running", async () => {
    const getSession = nextSession();
    const shared = new Headers();
    const alice = await getSession(requestWith(), shared);
    await expect(getSession(requestWith(), shared)).rejects.toThrow(reused);
    alice.user = "alice";
    await alice.commit();
    expect(shared.getSetCookie()).toHaveLength(1);
  });

  it("is fine within one request: a second instance, or a new session after destroy()", async () => {
    const request = requestWith();
    const headers = new Headers();
    const first = await nextSession()(request, headers);
    const second = await nextSession({ name: "other" })(request, headers);
    first.n = 1;
    second.n = 2;
    await first.commit();
    await second.commit();
    await first.destroy();
    const fresh = await nextSession()(request, headers);
    expect(fresh).not.toBe(first);
  });
});

describe("getSession(request) without headers: read-only", () => {
  it("reads the session", async () => {
    const getSession = nextSession();
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    session.user = "ada";
    await session.commit();
    const read = await getSession(requestWith(cookiePair(headers)));
    expect(read.user).toBe("ada");
  });

  it.each(["commit", "destroy", "regenerate"] as const)(
    "%s() fails with a message that says what to do",
    async (method) => {
      const store = new MemoryStore();
      const getSession = nextSession({ store });
      const session = await getSession(requestWith());
      session.user = "ada";
      await expect(session[method]()).rejects.toThrow(
        /read-only.*getSession\(request, responseHeaders\)/,
      );
      expect(store.store.size).toBe(0);
    },
  );
});

describe("the warning for a forgotten commit", () => {
  function load(env: string) {
    vi.stubEnv("NODE_ENV", env);
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    return { warn, getSession: nextSession() };
  }

  it("is printed in development when a change was never committed", async () => {
    const { warn, getSession } = load("development");
    const session = await getSession(requestWith(), new Headers());
    session.user = "ada";
    vi.runAllTimers();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/await session\.commit\(\)/);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(session.id);
  });

  it("is printed when the session changed again after commit()", async () => {
    const { warn, getSession } = load("development");
    const session = await getSession(requestWith(), new Headers());
    session.user = "ada";
    await session.commit();
    session.user = "grace";
    vi.runAllTimers();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("is printed when regenerate() was not followed by commit()", async () => {
    const { warn, getSession } = load("development");
    const session = await getSession(requestWith(), new Headers());
    session.user = "ada";
    await session.commit();
    // The new id's cookie goes out, the old record is gone: without commit() the session is lost.
    await session.regenerate();
    vi.runAllTimers();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      "committed",
      async (session: Record<string, unknown> & { commit(): Promise<void> }) => {
        session.user = "ada";
        await session.commit();
      },
    ],
    ["left unchanged", async () => {}],
    [
      "destroyed",
      async (session: Record<string, unknown> & { destroy(): Promise<void> }) => {
        session.user = "ada";
        await session.destroy();
      },
    ],
    [
      "made unserialisable",
      async (session: Record<string, unknown>) => {
        session.big = 1n;
      },
    ],
  ])("is not printed for a session %s", async (_case, act) => {
    const { warn, getSession } = load("development");
    const session = await getSession(requestWith(), new Headers());
    await act(session);
    vi.runAllTimers();
    expect(warn).not.toHaveBeenCalled();
  });

  it.each(["production", "test", ""])("is not even scheduled when NODE_ENV is %j", async (env) => {
    const { warn, getSession } = load(env);
    const session = await getSession(requestWith(), new Headers());
    session.user = "ada";
    expect(vi.getTimerCount()).toBe(0);
    vi.runAllTimers();
    expect(warn).not.toHaveBeenCalled();
  });

  it("under load, watches a bounded sample and prints one line with the count", async () => {
    const { warn, getSession } = load("development");
    for (let i = 0; i < 1000; i++) {
      const session = await getSession(requestWith(), new Headers());
      session.user = "ada";
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.runAllTimers();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^next-session: 100 sessions were changed/);
  });

  it("keeps nothing alive: a session the app let go of is collected before the check", async () => {
    const { getSession } = load("development");
    const gc = runInNewContext("gc") as () => void;
    const watched = await (async () => {
      const request = requestWith();
      const session = await getSession(request, new Headers());
      session.user = "ada";
      return [new WeakRef(session), new WeakRef(request)];
    })();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(watched.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    vi.runAllTimers();
  });
});

describe("regenerate() on a Request", () => {
  it("moves the data to a new id: one cookie, the old record gone, saved by commit()", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store });
    const first = new Headers();
    const planted = await getSession(requestWith(), first);
    planted.n = 1;
    await planted.commit();

    const headers = new Headers();
    const session = await getSession(requestWith(cookiePair(first)), headers);
    session.user = "ada";
    await session.regenerate();
    await session.commit();

    expect(session.id).not.toBe(planted.id);
    expect(store.store.has(planted.id)).toBe(false);
    expect(JSON.parse(store.store.get(session.id) ?? "null")).toMatchObject({ n: 1, user: "ada" });
    expect(headers.getSetCookie()).toHaveLength(1);
    expect(cookiePair(headers)).toBe(`sid=${session.id}`);
  });
});

describe("store failures on a Request", () => {
  it("reject the call that the handler awaits, and reach no onError", async () => {
    const onError = vi.fn();
    const store = new MemoryStore();
    store.set = () => Promise.reject(new Error("down"));
    const getSession = nextSession({ store, onError });
    const session = await getSession(requestWith(), new Headers());
    session.n = 1;
    await expect(session.commit()).rejects.toThrow("down");
    expect(onError).not.toHaveBeenCalled();
  });
});
