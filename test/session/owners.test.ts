/**
 * Owners: the metadata a record carries, the owner index kept around every write, and
 * listing and revoking an owner's sessions, over real HTTP and on every host.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, nextSession, type Options } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import type { SessionStore } from "../../src/types.js";
import { type SessionApp, sessionApp } from "../helpers/app.js";
import type { CookieClient } from "../helpers/client.js";
import { pathOf } from "../helpers/concurrency.js";
import { FakeCookieStore, ReadOnlyCookieStore, requestWith } from "../helpers/fetch.js";
import { cookiePair } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

const START = new Date("2030-01-01T00:00:00Z").getTime();

beforeEach(() => {
  // Only Date is faked: the HTTP servers keep their real timers.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

const OWNED = {
  owner: (session) => (session.user as { id: string } | undefined)?.id,
  describe: (session) => session.device,
  cookie: { maxAge: 3600 },
} satisfies Options;

/** The record of `sid` as a MemoryStore keeps it: its JSON, parsed. */
function recordOf(store: MemoryStore, sid: string): Record<string, unknown> | undefined {
  const json = store.store.get(sid);
  return json === undefined ? undefined : (JSON.parse(json) as Record<string, unknown>);
}

interface Answer {
  id: string;
  user: { id: string } | null;
  fields: string[];
  answer: unknown;
}

/**
 * An app whose routes sign in (`/login/<user>/<device>`, with regenerate()), sign out
 * (`/logout`, destroy()), forget the user without destroying (`/forget`), count views
 * (`/view`), list (`/list/<owner>`) and revoke (`/revoke/<owner>/<handle>`,
 * `/revoke-others/<owner>`). Each answers the session's id, user and field names.
 */
async function ownersApp(store: SessionStore, options: Options = {}): Promise<SessionApp> {
  const app: SessionApp = await sessionApp(
    { ...OWNED, ...options, store },
    async (session, req, res) => {
      const [, route, first = "", second = ""] = pathOf(req).split("/");
      let answer: unknown = null;
      if (route === "login") {
        session.user = { id: first };
        session.device = second;
        await session.regenerate();
      } else if (route === "logout") {
        await session.destroy();
      } else if (route === "forget") {
        delete session.user;
      } else if (route === "view") {
        session.views = ((session.views as number | undefined) ?? 0) + 1;
      } else if (route === "list") {
        answer = await app.getSession.listSessions(first, session);
      } else if (route === "revoke") {
        answer = await app.getSession.revokeSession(first, second);
      } else if (route === "revoke-others") {
        answer = await app.getSession.revokeSessions(first, { except: session });
      }
      const fields = Object.keys(session);
      res.end(JSON.stringify({ id: session.id, user: session.user ?? null, fields, answer }));
    },
  );
  return app;
}

async function ask(client: CookieClient, path: string): Promise<Answer> {
  const response = await client.request(path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as Answer;
}

interface Listed {
  handle: string;
  current: boolean;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string | undefined;
  details: unknown;
}

async function listOf(client: CookieClient, owner: string): Promise<Listed[]> {
  return (await ask(client, `/list/${owner}`)).answer as Listed[];
}

function handleOf(id: string): string {
  return createHash("sha256").update(id).digest("base64url");
}

describe("metadata in the stored record", () => {
  it("is not there when neither owner nor absoluteTimeout is set: the record holds only the cookie and the fields", async () => {
    const store = new MemoryStore();
    const app = await sessionApp({ store, describe: () => "ignored", cookie: { maxAge: 60 } });
    const response = await app.client().request("/");
    const [sid] = [...store.store.keys()];
    expect(Object.keys(recordOf(store, sid as string) ?? {})).toEqual(["cookie", "views"]);
    expect(response.body).toBe("1");
  });

  it('is kept under "@session" (creation, last save, owner) and never among the session\'s fields', async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const browser = app.client();
    const { id } = await ask(browser, "/login/ada/laptop");
    expect(recordOf(store, id)).toMatchObject({
      user: { id: "ada" },
      "@session": { created: START, active: START, owner: "ada" },
    });
    vi.setSystemTime(START + 60_000);
    const { fields } = await ask(browser, "/view");
    expect(fields).toEqual(["cookie", "user", "device", "views"]);
    expect(recordOf(store, id)?.["@session"]).toEqual({
      created: START,
      active: START + 60_000,
      owner: "ada",
    });
  });

  it("is written for a record saved without it at its first load, even by a request that cannot save (a Server Component)", async () => {
    const store = new MemoryStore();
    const expires = new Date(START + 3_600_000);
    await store.set("legacy", {
      cookie: { path: "/", httpOnly: true, secure: false, maxAge: 3600, expires },
      user: { id: "ada" },
    });
    const getSession = nextSession({ ...OWNED, store });
    vi.setSystemTime(START + 5_000);
    const session = await getSession(new ReadOnlyCookieStore({ sid: "legacy" }));
    expect(session.user).toEqual({ id: "ada" });
    expect(recordOf(store, "legacy")?.["@session"]).toEqual({
      created: START + 5_000,
      active: START + 5_000,
      owner: "ada",
    });
    expect(await store.ownerIndex.list("ada")).toEqual(["legacy"]);
    vi.setSystemTime(START + 9_000);
    await getSession(new ReadOnlyCookieStore({ sid: "legacy" }));
    expect(recordOf(store, "legacy")?.["@session"]).toMatchObject({ created: START + 5_000 });
  });

  it("that cannot be read (not an object, no creation time) counts as none: the session starts its metadata at that load", async () => {
    const store = new MemoryStore();
    const cookie = { path: "/", httpOnly: true, secure: false };
    await store.set("odd", { cookie, "@session": "garbage", n: 1 });
    await store.set("undated", { cookie, "@session": { owner: "ada" }, n: 1 });
    const getSession = nextSession({ ...OWNED, store });
    for (const sid of ["odd", "undated"]) {
      const session = await getSession(requestWith(`sid=${sid}`));
      expect(session.n).toBe(1);
      expect(session["@session"]).toBeUndefined();
      expect(recordOf(store, sid)?.["@session"]).toEqual({ created: START, active: START });
    }
  });

  it("goes with the record to a store without patch, in set and in touch", async () => {
    const store = testStore();
    const app = await ownersApp(store, { touchAfter: 0 });
    const browser = app.client();
    await ask(browser, "/login/ada/laptop");
    expect(JSON.parse(store.callsTo("set")[0]?.session ?? "{}")["@session"]).toEqual({
      created: START,
      active: START,
      owner: "ada",
    });
    vi.setSystemTime(START + 1000);
    await ask(browser, "/read"); // a route that only reads: touchAfter 0 touches it
    const [touched] = store.callsTo("touch");
    expect(JSON.parse(touched?.session ?? "{}")["@session"]).toEqual({
      created: START,
      active: START + 1000,
      owner: "ada",
    });
  });

  it("is written at load with set by a store without patch; a record gone by then gives a new session", async () => {
    const cookie = { path: "/", httpOnly: true, secure: false };
    const plain = testStore({ records: { legacy: { cookie, n: 1 } } });
    const getSession = nextSession({ ...OWNED, store: plain });
    expect((await getSession(requestWith("sid=legacy"))).n).toBe(1);
    expect(JSON.parse(plain.callsTo("set")[0]?.session ?? "{}")["@session"]).toEqual({
      created: START,
      active: START,
    });
    const memory = new MemoryStore();
    await memory.set("legacy", { cookie, n: 1 });
    memory.patch = async () => false; // destroyed between its get and this write
    const gone = await nextSession({ ...OWNED, store: memory })(requestWith("sid=legacy"));
    expect(gone.n).toBeUndefined();
  });

  it("getSession rejects, naming the call, when the store fails to save it at load", async () => {
    const store = new MemoryStore();
    await store.set("legacy", { cookie: { path: "/", httpOnly: true, secure: false }, n: 1 });
    const cause = new Error("store offline");
    store.patch = () => Promise.reject(cause);
    const getSession = nextSession({ ...OWNED, store });
    await expect(getSession(requestWith("sid=legacy"))).rejects.toMatchObject({
      message: "next-session: store.patch() failed while saving the session's metadata",
      cause,
    });
  });

  it("is left as an ordinary field when the options are unset again", async () => {
    const store = new MemoryStore();
    await ask((await ownersApp(store)).client(), "/login/ada/laptop");
    const [sid] = [...store.store.keys()];
    const plain = nextSession({ store });
    const session = await plain(requestWith(`sid=${sid}`));
    expect(session["@session"]).toMatchObject({ owner: "ada" });
  });

  it("a save fails with a clear error when the owner option returns something that is not an owner", async () => {
    const getSession = nextSession({ owner: (session) => session.user, store: new MemoryStore() });
    const session = await getSession(new FakeCookieStore());
    session.user = { id: "ada" };
    await expect(session.commit()).rejects.toThrow(
      new TypeError(
        'next-session: what the "owner" option returns must be a string (such as the user\'s id), or null or undefined for nobody, got an object',
      ),
    );
  });

  it("counts a number as its decimal string, and an empty string as nobody", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ owner: (session) => session.owner, store });
    for (const owner of [42, ""]) {
      const session = await getSession(new FakeCookieStore());
      session.owner = owner;
      await session.commit();
    }
    expect(await store.ownerIndex.list("42")).toHaveLength(1);
    expect(await store.ownerIndex.list("")).toEqual([]);
  });
});

describe("the owner index follows the session's writes", () => {
  it("a login adds its session under the owner; a logout with destroy() removes it", async () => {
    const store = new MemoryStore();
    const browser = (await ownersApp(store)).client();
    const { id } = await ask(browser, "/login/ada/laptop");
    expect(await store.ownerIndex.list("ada")).toEqual([id]);
    await ask(browser, "/logout");
    expect(await store.ownerIndex.list("ada")).toEqual([]);
  });

  it("regenerate() moves the entry to the new id, and the session counts as created then", async () => {
    const store = new MemoryStore();
    const browser = (await ownersApp(store)).client();
    const { id: first } = await ask(browser, "/login/ada/laptop");
    vi.setSystemTime(START + 60_000);
    const { id: second } = await ask(browser, "/login/ada/laptop");
    expect(second).not.toBe(first);
    expect(await store.ownerIndex.list("ada")).toEqual([second]);
    expect(recordOf(store, second)?.["@session"]).toMatchObject({ created: START + 60_000 });
  });

  it("clearing the field the owner comes from removes the entry; signing in as another moves it", async () => {
    const store = new MemoryStore();
    const browser = (await ownersApp(store)).client();
    await ask(browser, "/login/ada/laptop");
    const { id } = await ask(browser, "/forget");
    expect(await store.ownerIndex.list("ada")).toEqual([]);
    expect(recordOf(store, id)?.["@session"]).toEqual({ created: START, active: START });
    const { id: grace } = await ask(browser, "/login/grace/laptop");
    expect(await store.ownerIndex.list("grace")).toEqual([grace]);
  });

  it("an entry moves with the expiry when the session is touched", async () => {
    const store = new MemoryStore();
    const browser = (await ownersApp(store, { touchAfter: 0 })).client();
    const { id } = await ask(browser, "/login/ada/laptop");
    vi.setSystemTime(START + 3_000_000);
    await ask(browser, "/view");
    // Past the first expiry, the entry is still listed: it moved with the touch.
    vi.setSystemTime(START + 3_700_000);
    expect(await store.ownerIndex.list("ada")).toEqual([id]);
  });

  it("a failure of the index during a save reaches onError, naming the index call", async () => {
    const store = new MemoryStore();
    const cause = new Error("index offline");
    store.ownerIndex.add = () => Promise.reject(cause);
    const onError = vi.fn();
    const browser = (await ownersApp(store, { onError })).client();
    await browser.request("/login/ada/laptop");
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({
        message: "next-session: store.ownerIndex.add() failed while saving the session",
        cause,
      }),
      expect.anything(),
    );
  });

  it("a store without an owner index still gets the metadata", async () => {
    const memory = new expressSession.MemoryStore();
    const browser = (await ownersApp(promisifyStore(memory))).client();
    const { id } = await ask(browser, "/login/ada/laptop");
    expect(JSON.parse(memory.store.get(id) as string)["@session"]).toEqual({
      created: START,
      active: START,
      owner: "ada",
    });
  });
});

describe("listSessions", () => {
  it("lists an owner's live sessions, most recently active first, the current one marked, with what describe says", async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const [laptop, phone, other] = [app.client(), app.client(), app.client()];
    const { id: laptopId } = await ask(laptop, "/login/ada/laptop");
    vi.setSystemTime(START + 1000);
    const { id: phoneId } = await ask(phone, "/login/ada/phone");
    await ask(other, "/login/grace/tablet");
    vi.setSystemTime(START + 2000);
    await ask(laptop, "/view");
    expect(await listOf(laptop, "ada")).toEqual([
      {
        handle: handleOf(laptopId),
        current: true,
        createdAt: new Date(START).toISOString(),
        lastActiveAt: new Date(START + 2000).toISOString(),
        expiresAt: new Date(START + 3_600_000).toISOString(),
        details: "laptop",
      },
      {
        handle: handleOf(phoneId),
        current: false,
        createdAt: new Date(START + 1000).toISOString(),
        lastActiveAt: new Date(START + 1000).toISOString(),
        expiresAt: new Date(START + 3_601_000).toISOString(),
        details: "phone",
      },
    ]);
  });

  it("gives handles that are neither the id nor the cookie, and Date objects", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    session.user = { id: "ada" };
    await session.commit();
    const [listed] = await getSession.listSessions("ada", session);
    expect(listed?.handle).toMatch(/^[\w-]{43}$/);
    expect(cookiePair(headers)).not.toContain(listed?.handle);
    expect(listed?.handle).not.toContain(session.id);
    expect(listed?.createdAt).toBeInstanceOf(Date);
    expect(listed?.details).toBeUndefined();
  });

  it("never lists a session that ended: destroyed, expired, or whose owner changed behind the index", async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const [kept, destroyed, expired, moved] = [
      app.client(),
      app.client(),
      app.client(),
      app.client(),
    ];
    const { id: keptId } = await ask(kept, "/login/ada/kept");
    const { id: destroyedId } = await ask(destroyed, "/login/ada/destroyed");
    await store.destroy(destroyedId); // behind the index's back: the entry stays
    vi.setSystemTime(START + 1000);
    const { id: movedId } = await ask(moved, "/login/ada/moved");
    await store.patch(movedId, {
      set: [
        ["user", { id: "grace" }],
        ["@session", { created: START, owner: "grace" }],
      ],
      unset: [],
    });
    vi.setSystemTime(START - 4_000_000); // it expires an hour later, before START
    await ask(expired, "/login/ada/expired");
    vi.setSystemTime(START + 2000);
    expect((await listOf(kept, "ada")).map((s) => s.handle)).toEqual([handleOf(keptId)]);
    // Entries are left to expire rather than removed by a listing.
    expect(await store.ownerIndex.list("ada")).toContain(destroyedId);
  });

  it("lists a session saved without metadata whose fields name the owner, as created when listed", async () => {
    const store = new MemoryStore();
    const expires = new Date(START + 3_600_000);
    const cookie = { path: "/", httpOnly: true, secure: false, maxAge: 3600, expires };
    await store.set("old", { cookie, user: { id: "ada" }, device: "old laptop" });
    await store.ownerIndex.add("ada", "old", expires.getTime());
    vi.setSystemTime(START + 1000);
    const getSession = nextSession({ ...OWNED, absoluteTimeout: 600, store });
    expect(await getSession.listSessions("ada")).toEqual([
      {
        handle: handleOf("old"),
        current: false,
        createdAt: new Date(START + 1000),
        lastActiveAt: new Date(START + 1000),
        expiresAt: new Date(START + 601_000),
        details: "old laptop",
      },
    ]);
  });

  it("never lists a record whose cookie has expired, even from a store that hands it out", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const session = await getSession(new FakeCookieStore());
    session.user = { id: "ada" };
    await session.commit();
    const record = await store.get(session.id);
    // The index entry outlives it: only the check of the record can leave it out.
    await store.ownerIndex.add("ada", session.id, START + 7_200_000);
    vi.setSystemTime(START + 3_600_000);
    store.get = async () => record;
    expect(await getSession.listSessions("ada")).toEqual([]);
  });

  it("sessions from every host are listed: Node, a Fetch Request and a cookie store", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const app = await sessionApp({ ...OWNED, store }, (session, _req, res) => {
      session.user = { id: "ada" };
      session.device = "node";
      res.end();
    });
    await app.client().request("/");
    const fetched = await getSession(requestWith(), new Headers());
    Object.assign(fetched, { user: { id: "ada" }, device: "fetch" });
    await fetched.commit();
    const cookies = await getSession(new FakeCookieStore());
    Object.assign(cookies, { user: { id: "ada" }, device: "cookies" });
    await cookies.commit();
    const listed = await getSession.listSessions("ada");
    expect(listed.map((s) => s.details).sort()).toEqual(["cookies", "fetch", "node"]);
  });
});

describe("revokeSession and revokeSessions", () => {
  it("revokeSession ends the session its handle names: its next request is signed out, and a second call is false", async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const [laptop, phone] = [app.client(), app.client()];
    await ask(laptop, "/login/ada/laptop");
    const { id: phoneId } = await ask(phone, "/login/ada/phone");
    expect((await ask(laptop, `/revoke/ada/${handleOf(phoneId)}`)).answer).toBe(true);
    expect((await ask(phone, "/view")).user).toBeNull();
    expect(recordOf(store, phoneId)).toBeUndefined();
    expect((await ask(laptop, `/revoke/ada/${handleOf(phoneId)}`)).answer).toBe(false);
    expect((await ask(laptop, "/view")).user).toEqual({ id: "ada" });
  });

  it("a handle does not work for another owner, nor does a session id", async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const [ada, mallory] = [app.client(), app.client()];
    const { id } = await ask(ada, "/login/ada/laptop");
    await ask(mallory, "/login/mallory/laptop");
    expect((await ask(mallory, `/revoke/mallory/${handleOf(id)}`)).answer).toBe(false);
    expect((await ask(mallory, `/revoke/ada/${id}`)).answer).toBe(false);
    expect((await ask(ada, "/view")).user).toEqual({ id: "ada" });
  });

  it("revokeSessions with except ends every other session of the owner and says how many", async () => {
    const store = new MemoryStore();
    const app = await ownersApp(store);
    const devices = [app.client(), app.client(), app.client()];
    for (const device of devices) await ask(device, "/login/ada/device");
    const grace = app.client();
    await ask(grace, "/login/grace/laptop");
    const [here, ...others] = devices as [CookieClient, ...CookieClient[]];
    expect((await ask(here, "/revoke-others/ada")).answer).toBe(2);
    for (const other of others) expect((await ask(other, "/view")).user).toBeNull();
    expect((await ask(here, "/view")).user).toEqual({ id: "ada" });
    expect((await ask(grace, "/view")).user).toEqual({ id: "grace" });
    expect(await listOf(here, "ada")).toHaveLength(1);
  });

  it("revokeSessions without except ends them all, the caller's included", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const sessions = [];
    for (const device of ["a", "b"]) {
      const session = await getSession(new FakeCookieStore());
      Object.assign(session, { user: { id: "ada" }, device });
      await session.commit();
      sessions.push(session);
    }
    expect(await getSession.revokeSessions("ada")).toBe(2);
    expect(store.store.size).toBe(0);
    expect(await store.ownerIndex.list("ada")).toEqual([]);
  });
});

describe("what listSessions and revoking reject", () => {
  const index = new MemoryStore();

  it.each<[string, Options, RegExp]>([
    ["the owner option is unset", { store: index }, /needs the "owner" option/],
    [
      "the store has no owner index",
      { ...OWNED, store: promisifyStore(new expressSession.MemoryStore()) },
      /needs a store with an owner index \(store.ownerIndex\), such as MemoryStore or the RedisStore/,
    ],
  ])("when %s", async (_, options, message) => {
    const getSession = nextSession(options);
    for (const call of [
      () => getSession.listSessions("ada"),
      () => getSession.revokeSession("ada", "handle"),
      () => getSession.revokeSessions("ada"),
    ]) {
      await expect(call()).rejects.toThrow(TypeError);
      await expect(call()).rejects.toThrow(message);
    }
  });

  it.each([[""], [null], [{}]])("an owner of %j", async (owner) => {
    const getSession = nextSession({ ...OWNED, store: index });
    await expect(getSession.listSessions(owner as string)).rejects.toThrow(
      /^next-session: (listSessions\(\) needs an owner|the owner given to listSessions\(\) must be)/,
    );
  });

  it("a current session that getSession did not return", async () => {
    const getSession = nextSession({ ...OWNED, store: index });
    const fake = { id: "x", cookie: {} } as never;
    await expect(getSession.listSessions("ada", fake)).rejects.toThrow(
      "next-session: listSessions() takes a session returned by getSession() as the current one",
    );
    await expect(getSession.revokeSessions("ada", { except: fake })).rejects.toThrow(
      /revokeSessions\(\) takes a session returned by getSession\(\)/,
    );
  });

  it("an owner index without all three methods, as no owner index", async () => {
    const memory = new MemoryStore();
    const store = Object.assign(Object.create(memory) as MemoryStore, {
      ownerIndex: { add: memory.ownerIndex.add, remove: memory.ownerIndex.remove },
    });
    const getSession = nextSession({ ...OWNED, store });
    await expect(getSession.listSessions("ada")).rejects.toThrow(
      /needs a store with an owner index/,
    );
  });

  it("a handle that is not a string names no session", async () => {
    const getSession = nextSession({ ...OWNED, store: index });
    expect(await getSession.revokeSession("ada", 42 as never)).toBe(false);
  });

  it("a store that fails to destroy a session: the call that failed is named", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const session = await getSession(new FakeCookieStore());
    session.user = { id: "ada" };
    await session.commit();
    const cause = new Error("store offline");
    store.destroy = () => Promise.reject(cause);
    await expect(getSession.revokeSessions("ada")).rejects.toMatchObject({
      message: "next-session: store.destroy() failed in revokeSessions()",
      cause,
    });
  });

  it("a store failure names the call that failed", async () => {
    const store = new MemoryStore();
    const getSession = nextSession({ ...OWNED, store });
    const session = await getSession(new FakeCookieStore());
    session.user = { id: "ada" };
    await session.commit();
    const cause = new Error("store offline");
    store.get = () => Promise.reject(cause);
    await expect(getSession.listSessions("ada")).rejects.toMatchObject({
      message: "next-session: store.get() failed in listSessions()",
      cause,
    });
    store.ownerIndex.list = () => Promise.reject(cause);
    await expect(getSession.revokeSessions("ada")).rejects.toMatchObject({
      message: "next-session: store.ownerIndex.list() failed in revokeSessions()",
      cause,
    });
  });
});
