/**
 * `absoluteTimeout`: a session ends that long after its creation however busy it is, on
 * every host, and no expiry (the cookie's, the store's) is ever set past that moment.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, nextSession, type Options, type Session } from "../../src/index.js";
import type { Cookie } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { FakeCookieStore, requestWith } from "../helpers/fetch.js";
import { parseSetCookie } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

const START = new Date("2030-01-01T00:00:00Z").getTime();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

beforeEach(() => {
  // Only Date is faked: the HTTP servers keep their real timers.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Idle lifetime 10 minutes, renewed by every request; an hour in all. */
const BUSY: Options = { absoluteTimeout: 3600, touchAfter: 0, cookie: { maxAge: 600 } };

/** What one request of a visitor saw, and the expiry its response sent. */
interface Visit {
  sid: string;
  views: number;
  /** The `Expires` sent, in ms (whole seconds), or undefined when no cookie was sent. */
  expires: number | undefined;
}

/** A visitor who counts views on one host, keeping the session cookie between requests. */
type Visitor = () => Promise<Visit>;

function countView(session: Session): void {
  session.views = ((session.views as number | undefined) ?? 0) + 1;
}

function expiresIn(setCookie: string | undefined): number | undefined {
  if (setCookie === undefined) return undefined;
  return Date.parse(String(parseSetCookie(setCookie).attributes.expires));
}

const HOSTS: Array<[string, (store: MemoryStore, options: Options) => Promise<Visitor>]> = [
  [
    "Node req/res (auto-commit)",
    async (store, options) => {
      const app = await sessionApp({ ...options, store }, (session, _req, res) => {
        countView(session);
        res.end(JSON.stringify({ sid: session.id, views: session.views }));
      });
      const client = app.client();
      return async () => {
        const response = await client.request("/");
        const body = JSON.parse(response.body) as Omit<Visit, "expires">;
        return { ...body, expires: expiresIn(response.setCookies[0]) };
      };
    },
  ],
  [
    "Fetch Request and Headers",
    async (store, options) => {
      const getSession = nextSession({ ...options, store });
      let cookie: string | undefined;
      return async () => {
        const headers = new Headers();
        const session = await getSession(requestWith(cookie), headers);
        countView(session);
        await session.commit();
        const [setCookie] = headers.getSetCookie();
        if (setCookie !== undefined) cookie = setCookie.split(";")[0];
        return { sid: session.id, views: session.views, expires: expiresIn(setCookie) };
      };
    },
  ],
  [
    "a cookie store (Server Actions)",
    async (store, options) => {
      const getSession = nextSession({ ...options, store });
      let value: string | undefined;
      return async () => {
        const cookies = new FakeCookieStore(value === undefined ? {} : { sid: value });
        const session = await getSession(cookies);
        countView(session);
        await session.commit();
        const set = cookies.sets.at(-1);
        if (set !== undefined) value = set.value;
        const expires = set?.attributes.expires;
        return {
          sid: session.id,
          views: session.views,
          expires: expires === undefined ? undefined : Math.floor(expires.getTime() / 1000) * 1000,
        };
      };
    },
  ],
];

/** The record of `sid` in the store, with its `cookie.expires` in ms. */
function storedExpiry(store: MemoryStore, sid: string): number | undefined {
  const json = store.store.get(sid);
  if (json === undefined) return undefined;
  return Date.parse((JSON.parse(json) as { cookie: { expires: string } }).cookie.expires);
}

describe.each(HOSTS)("on %s", (_, visitorOn) => {
  it("a session touched every five minutes ends an hour after its creation, its record with it", async () => {
    const store = new MemoryStore();
    const visit = await visitorOn(store, BUSY);
    const first = await visit();
    let previous = first.expires;
    for (let minutes = 5; minutes < 60; minutes += 5) {
      vi.setSystemTime(START + minutes * MINUTE);
      const seen = await visit();
      expect(seen).toMatchObject({ sid: first.sid, views: minutes / 5 + 1 });
      // Idle lifetime from now, but never past the hour: the cookie's and the store's.
      const expected = Math.min(START + minutes * MINUTE + 10 * MINUTE, START + HOUR);
      expect(storedExpiry(store, first.sid)).toBe(expected);
      // Auto-commit sends no cookie once the expiry stays where it was; commit() always does.
      if (seen.expires !== undefined || expected !== previous) expect(seen.expires).toBe(expected);
      previous = expected;
    }
    vi.setSystemTime(START + HOUR);
    const after = await visit();
    expect(after.sid).not.toBe(first.sid);
    expect(after.views).toBe(1);
    expect(store.store.has(first.sid)).toBe(false);
  });

  it("a new session's expiry stops at the absolute timeout when that comes first", async () => {
    const store = new MemoryStore();
    const visit = await visitorOn(store, { absoluteTimeout: 60, cookie: { maxAge: 3600 } });
    const { sid, expires } = await visit();
    expect(expires).toBe(START + MINUTE);
    expect(storedExpiry(store, sid)).toBe(START + MINUTE);
  });
});

describe("absoluteTimeout", () => {
  function record(cookie: Partial<Cookie>, fields: Record<string, unknown> = {}) {
    return { cookie: { path: "/", httpOnly: true, secure: false, ...cookie } as Cookie, ...fields };
  }

  it("counts a record saved without a creation time as created when first loaded", async () => {
    const store = new MemoryStore();
    await store.set(
      "old",
      record({ maxAge: 86400, expires: new Date(START + 86_400_000) }, { n: 1 }),
    );
    const getSession = nextSession({ store, absoluteTimeout: 3600, cookie: { maxAge: 86400 } });
    vi.setSystemTime(START + 10 * MINUTE);
    expect((await getSession(requestWith("sid=old"))).n).toBe(1);
    vi.setSystemTime(START + 10 * MINUTE + HOUR - 1);
    expect((await getSession(requestWith("sid=old"))).n).toBe(1);
    vi.setSystemTime(START + 10 * MINUTE + HOUR);
    const ended = await getSession(requestWith("sid=old"));
    expect(ended.n).toBeUndefined();
    expect(store.store.has("old")).toBe(false);
  });

  it("brings in a stored expiry past the timeout (the option set or shortened since), cookie and store", async () => {
    const store = new MemoryStore();
    const long = await sessionApp({ store, absoluteTimeout: 86400 * 2, cookie: { maxAge: 86400 } });
    const client = long.client();
    await client.request("/");
    const [sid] = [...store.store.keys()] as [string];
    expect(storedExpiry(store, sid)).toBe(START + 86_400_000);
    const short = await sessionApp({ store, absoluteTimeout: 3600, cookie: { maxAge: 86400 } });
    vi.setSystemTime(START + MINUTE);
    const response = await short
      .client()
      .request("/", { headers: { cookie: client.cookieHeader } });
    expect(response.body).toBe("2");
    expect(expiresIn(response.setCookies[0])).toBe(START + HOUR);
    expect(storedExpiry(store, sid)).toBe(START + HOUR);
  });

  it("does not write a due touch that cannot move the expiry any more", async () => {
    const store = testStore();
    const app = await sessionApp(
      { store, absoluteTimeout: 3600, touchAfter: 0, cookie: { maxAge: 7200 } },
      (session, _req, res) => {
        session.views = 1;
        res.end();
      },
    );
    const client = app.client();
    await client.request("/");
    vi.setSystemTime(START + 30 * MINUTE);
    store.calls.length = 0;
    const response = await client.request("/");
    expect(store.calls.map((call) => call.method)).toEqual(["get"]);
    expect(response.setCookies).toEqual([]);
  });

  it("starts again at regenerate(): a login is a new session", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, absoluteTimeout: 3600, cookie: { maxAge: 7200 } });
    const cookies = new FakeCookieStore();
    const session = await getSession(cookies);
    session.user = "ada";
    await session.commit();
    vi.setSystemTime(START + 50 * MINUTE);
    const loaded = await getSession(new FakeCookieStore({ sid: cookies.sets[0]?.value ?? "" }));
    await loaded.regenerate();
    await loaded.commit();
    expect(loaded.cookie.expires?.getTime()).toBe(START + 50 * MINUTE + HOUR);
    expect(storedExpiry(store, loaded.id)).toBe(START + 50 * MINUTE + HOUR);
  });

  it("also ends a session without maxAge, whose cookie has no expiry, and removes its owner's entry", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, absoluteTimeout: 3600, owner: (s) => s.user });
    const cookies = new FakeCookieStore();
    const session = await getSession(cookies);
    session.user = "ada";
    await session.commit();
    expect(session.cookie.expires).toBeUndefined();
    expect((await getSession.listSessions("ada"))[0]?.expiresAt).toEqual(new Date(START + HOUR));
    vi.setSystemTime(START + HOUR);
    expect(await getSession.listSessions("ada")).toEqual([]);
    const ended = await getSession(new FakeCookieStore({ sid: session.id }));
    expect(ended.user).toBeUndefined();
    expect(store.store.has(session.id)).toBe(false);
    expect(await store.ownerIndex.list("ada")).toEqual([]);
  });

  it("getSession rejects, naming the call, when the store cannot remove an ended session", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ store, absoluteTimeout: 60 });
    const cookies = new FakeCookieStore();
    const session = await getSession(cookies);
    session.n = 1;
    await session.commit();
    vi.setSystemTime(START + MINUTE);
    const cause = new Error("store offline");
    store.destroy = () => Promise.reject(cause);
    await expect(getSession(new FakeCookieStore({ sid: session.id }))).rejects.toMatchObject({
      message:
        "next-session: store.destroy() failed while ending a session past its absolute timeout",
      cause,
    });
  });
});
