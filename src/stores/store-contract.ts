import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { nextSession } from "../index.js";
import type { Cookie, SessionData, SessionOwnerIndex, SessionStore } from "../types.js";
import { missingMethods } from "./partial-store.js";

export interface StoreContractOptions {
  /**
   * The store under test. Every case uses ids of its own, so one store (and one server
   * behind it) can serve the whole suite, and cases can run in any order.
   */
  store: SessionStore;
  /**
   * When the store itself will drop `sid`, in ms since the epoch, or `undefined` when it
   * holds no such session. Give it when the store keeps its own expiry (a Redis TTL, an
   * `expire` column) so that the suite checks that `set` and `touch` move it.
   * @example (sid) => redis.pExpireTime(`sess:${sid}`)
   */
  expiresAt?: (sid: string) => Promise<number | undefined>;
  /**
   * How far `expiresAt` may be from `cookie.expires`, in ms: stores that keep whole
   * seconds round. @default 1000
   */
  expiryToleranceMs?: number;
}

/** One case of the contract: a name for the test runner and a function that throws on failure. */
export interface StoreContractCase {
  readonly name: string;
  /**
   * Set when the case stands for cases that were not run, and says why (the store lacks an
   * optional method, so `nextSession` cannot give what it is for): report it as skipped.
   * Its `run` does nothing.
   */
  readonly skip?: string;
  run(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

function newId(): string {
  // Ids carry "-" and "_" because nanoid, the default `genid`, uses both.
  return `contract-${randomUUID()}_-`;
}

function cookieExpiringIn(ms: number): Cookie {
  return {
    httpOnly: true,
    path: "/",
    secure: false,
    sameSite: "lax",
    maxAge: Math.round(ms / 1000),
    expires: new Date(Date.now() + ms),
  };
}

function timeOf(value: unknown): number {
  return new Date(value as string | Date).getTime();
}

/** Fails unless `actual` is the stored session: the same fields, and the same instant in `cookie.expires`. */
function assertSameSession(actual: unknown, expected: SessionData): void {
  assert.ok(actual, "the store returned no session");
  const { cookie: actualCookie, ...actualFields } = actual as SessionData;
  const { cookie: expectedCookie, ...expectedFields } = expected;
  assert.deepEqual(actualFields, expectedFields);
  const { expires: actualExpires, ...actualAttributes } = actualCookie;
  const { expires: expectedExpires, ...expectedAttributes } = expectedCookie;
  assert.deepEqual(actualAttributes, expectedAttributes);
  if (expectedExpires === undefined) {
    assert.equal(actualExpires, undefined);
  } else {
    // A JSON store may give back the ISO string: that is fine, it is revived on load.
    assert.equal(timeOf(actualExpires), expectedExpires.getTime(), "cookie.expires changed");
  }
}

function assertMissing(record: unknown): void {
  assert.ok(
    record === null || record === undefined,
    `expected no session, got ${JSON.stringify(record)}`,
  );
}

/**
 * Two app servers, each with its own `nextSession()` and the same store, counting views
 * for one client: what a deployment on several machines does.
 */
async function countViewsAcrossApps(store: SessionStore): Promise<void> {
  const servers = [0, 1].map(() => {
    const getSession = nextSession({ store, cookie: { maxAge: 3600 } });
    return appServer(async (req, res) => {
      const session = await getSession(req, res);
      session.views = ((session.views as number | undefined) ?? 0) + 1;
      const expiresIsDate = session.cookie.expires instanceof Date;
      res.end(JSON.stringify({ views: session.views, expiresIsDate }));
    });
  });
  try {
    const urls = await Promise.all(servers.map(listen));
    const client = device();
    for (const [request, url] of [urls[0], urls[1], urls[0], urls[1]].entries()) {
      const { body } = await client.request(url as string, "");
      assert.equal(body.views, request + 1, `views on request ${request + 1}`);
      assert.equal(body.expiresIsDate, true, "session.cookie.expires is not a Date");
    }
  } finally {
    await Promise.all(servers.map(close));
  }
}

/**
 * An app server: `handle` runs for each request, and an error it throws (a store call that
 * rejected) is answered with a 500 that names it, so that the case fails with that error
 * instead of waiting for an answer that never comes.
 */
function appServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The case that stands for the cases of an optional method the store does not have. */
function notRun(method: "touch" | "patch" | "ownerIndex", consequence: string): StoreContractCase {
  const named = method === "ownerIndex" ? method : `${method}()`;
  const reason = `the store has no ${named}: ${consequence}`;
  return { name: `${named} cases: not run, ${reason}`, skip: reason, run: async () => {} };
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/** Cases of the owner index, called directly. */
function ownerIndexCases(index: SessionOwnerIndex): StoreContractCase[] {
  const inAnHour = () => Date.now() + HOUR_MS;
  return [
    {
      name: "ownerIndex lists the ids added under an owner, and only those",
      run: async () => {
        const [ada, grace] = [newId(), newId()];
        const [a, b, c] = [newId(), newId(), newId()];
        await index.add(ada, a, inAnHour());
        await index.add(ada, b, inAnHour());
        await index.add(grace, c, inAnHour());
        assert.deepEqual(sorted(await index.list(ada)), sorted([a, b]));
        assert.deepEqual(await index.list(grace), [c]);
        assert.deepEqual(await index.list(newId()), []);
      },
    },
    {
      name: "ownerIndex.add of an id already listed keeps one entry, with the new expiry",
      run: async () => {
        const [owner, sid] = [newId(), newId()];
        await index.add(owner, sid, inAnHour());
        await index.add(owner, sid, Date.now() + 2 * HOUR_MS);
        assert.deepEqual(await index.list(owner), [sid]);
        await index.add(owner, sid, Date.now() - 1000);
        assert.deepEqual(await index.list(owner), [], "an expiry in the past did not remove it");
      },
    },
    {
      name: "ownerIndex does not list an entry whose expiry has passed, and lists one without expiry",
      run: async () => {
        const [owner, expired, untimed] = [newId(), newId(), newId()];
        await index.add(owner, expired, Date.now() - HOUR_MS);
        await index.add(owner, untimed, undefined);
        assert.deepEqual(await index.list(owner), [untimed]);
      },
    },
    {
      name: "ownerIndex.remove drops the entry, and resolves for one it never had",
      run: async () => {
        const [owner, kept, removed] = [newId(), newId(), newId()];
        await index.add(owner, kept, inAnHour());
        await index.add(owner, removed, inAnHour());
        await index.remove(owner, removed);
        assert.deepEqual(await index.list(owner), [kept]);
        await index.remove(owner, newId());
        await index.remove(newId(), newId());
        await index.remove(owner, kept);
        assert.deepEqual(await index.list(owner), []);
      },
    },
    {
      name: "ownerIndex keeps owners apart whatever characters they hold",
      run: async () => {
        const base = newId();
        const owners = [
          `${base}`,
          `${base}}`,
          `{${base}}`,
          `${base}%7D`,
          `${base}:x`,
          `${base} Zoë 🍪`,
        ];
        const ids = owners.map(() => newId());
        await Promise.all(owners.map((owner, i) => index.add(owner, ids[i] as string, inAnHour())));
        for (const [i, owner] of owners.entries()) {
          assert.deepEqual(await index.list(owner), [ids[i]], `owner ${JSON.stringify(owner)}`);
        }
      },
    },
    {
      name: "ownerIndex lists all 100 ids added under one owner at once",
      run: async () => {
        const owner = newId();
        const ids = Array.from({ length: 100 }, newId);
        await Promise.all(ids.map((sid) => index.add(owner, sid, inAnHour())));
        assert.deepEqual(sorted(await index.list(owner)), sorted(ids));
      },
    },
  ];
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

interface Device {
  cookie: string;
  request(
    url: string,
    path: string,
  ): Promise<{ body: Record<string, unknown>; setCookie: string | null }>;
}

/** A browser of one: it keeps the session cookie of the responses it gets. */
function device(): Device {
  const self: Device = {
    cookie: "",
    async request(url, path) {
      const response = await fetch(url + path, { headers: { cookie: self.cookie } });
      const setCookie = response.headers.get("set-cookie");
      if (setCookie !== null) self.cookie = setCookie.split(";")[0] as string;
      const body = (await response.json()) as Record<string, unknown>;
      assert.ok(response.ok, `${path || "/"} answered ${response.status}: ${body.error}`);
      return { body, setCookie };
    },
  };
  return self;
}

/**
 * Two app servers sharing the store, each a `nextSession()` with an owner: a user signs in
 * on both, lists both sessions from one and signs the other out while a request of that
 * other is in flight. That request must bring nothing back (no record, no cookie), and the
 * next one must find no session.
 */
async function revokeAcrossApps(store: SessionStore): Promise<void> {
  const user = newId();
  const held = gate();
  const release = gate();
  const apps = [0, 1].map(() =>
    nextSession({ store, owner: (s) => s.user, cookie: { maxAge: 3600 }, touchAfter: 0 }),
  );
  const servers = apps.map((getSession) =>
    appServer(async (req, res) => {
      const session = await getSession(req, res);
      const path = req.url as string;
      let answer: Record<string, unknown> = {};
      if (path === "/login") {
        session.user = user;
        await session.regenerate();
      } else if (path === "/held") {
        held.open();
        await release.opened;
        session.note = "written after the revocation";
      } else if (path === "/list") {
        answer = { list: await getSession.listSessions(user, session) };
      } else if (path.startsWith("/revoke/")) {
        answer = { revoked: await getSession.revokeSession(user, path.slice(8)) };
      }
      res.end(JSON.stringify({ user: session.user ?? null, ...answer }));
    }),
  );
  try {
    const [first, second] = (await Promise.all(servers.map(listen))) as [string, string];
    const [here, there] = [device(), device()];
    await here.request(first, "login");
    await there.request(second, "login");
    const { body } = await here.request(first, "list");
    const list = body.list as Array<{ handle: string; current: boolean }>;
    assert.equal(list.length, 2, "listSessions did not list both sessions");
    assert.deepEqual(list.map((s) => s.current).sort(), [false, true]);
    const other = list.find((s) => !s.current) as { handle: string };
    assert.ok(!there.cookie.includes(other.handle), "the handle is the cookie's value");
    const signedIn = there.cookie;
    const inFlight = there.request(second, "held");
    await held.opened;
    const revoked = await here.request(first, `revoke/${other.handle}`);
    assert.equal(revoked.body.revoked, true, "revokeSession() did not resolve true");
    release.open();
    const late = await inFlight;
    assert.equal(
      late.setCookie,
      null,
      "the request in flight sent a cookie for the revoked session",
    );
    const after = await fetch(`${second}me`, { headers: { cookie: signedIn } });
    assert.deepEqual(await after.json(), { user: null }, "the revoked session is still signed in");
    const { body: remaining } = await here.request(first, "list");
    assert.equal((remaining.list as unknown[]).length, 1, "the revoked session is still listed");
    assert.deepEqual((await here.request(second, "me")).body, { user });
  } finally {
    release.open();
    await Promise.all(servers.map(close));
  }
}

type Patch = NonNullable<SessionStore["patch"]>;

/** Cases of `patch`, the field-level write of a loaded session. */
function patchCases(
  patch: Patch,
  store: SessionStore,
  assertStoreExpiry: (sid: string, expected: Date) => Promise<void>,
): StoreContractCase[] {
  async function assertNotApplied(sid: string): Promise<void> {
    const applied = await patch(sid, { set: [["user", "mallory"]], unset: [] });
    assert.equal(applied, false, "patch() resolved true for a session the store does not hold");
    assertMissing(await store.get(sid));
  }

  return [
    {
      name: "patch sets and deletes the fields it names, keeps the others, the cookie and the expiry",
      run: async () => {
        const sid = newId();
        const cookie = cookieExpiringIn(HOUR_MS);
        await store.set(sid, { cookie, a: 1, b: 2, c: 3 });
        const applied = await patch(sid, {
          set: [
            ["b", 20],
            ["d", { list: [1, "two"] }],
          ],
          unset: ["c"],
        });
        assert.equal(applied, true, "patch() did not resolve true");
        assertSameSession(await store.get(sid), { cookie, a: 1, b: 20, d: { list: [1, "two"] } });
        await assertStoreExpiry(sid, cookie.expires as Date);
      },
    },
    {
      name: "patch with a cookie stores that cookie and moves the store's expiry",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), views: 1 });
        const cookie = cookieExpiringIn(3 * HOUR_MS);
        assert.equal(await patch(sid, { set: [], unset: [], cookie }), true);
        assertSameSession(await store.get(sid), { cookie, views: 1 });
        await assertStoreExpiry(sid, cookie.expires as Date);
      },
    },
    {
      name: 'patch keeps a field named "__proto__" as data',
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS) });
        await patch(sid, { set: [["__proto__", { admin: true }]], unset: [] });
        const record = await store.get(sid);
        assert.ok(record, "the store returned no session");
        assert.equal(
          Object.getPrototypeOf(record),
          Object.prototype,
          "the record's prototype changed",
        );
        assert.deepEqual(Object.getOwnPropertyDescriptor(record, "__proto__")?.value, {
          admin: true,
        });
        assert.equal(({} as { admin?: boolean }).admin, undefined, "Object.prototype was polluted");
      },
    },
    {
      name: "patch resolves false and creates nothing for an id it never saw",
      run: () => assertNotApplied(newId()),
    },
    {
      name: "patch resolves false and creates nothing after destroy",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), user: "ada" });
        await store.destroy(sid);
        await assertNotApplied(sid);
      },
    },
    {
      name: "patch resolves false and creates nothing for a session whose cookie.expires has passed",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(-HOUR_MS), user: "ada" });
        await assertNotApplied(sid);
      },
    },
    {
      name: "50 concurrent patches of different fields of one session all survive",
      run: async () => {
        const sid = newId();
        const cookie = cookieExpiringIn(HOUR_MS);
        await store.set(sid, { cookie, kept: true });
        const names = Array.from({ length: 50 }, (_, index) => `field${index}`);
        const results = await Promise.all(
          names.map((name, index) => patch(sid, { set: [[name, index]], unset: [] })),
        );
        assert.ok(results.every(Boolean), "a patch() resolved false");
        const expected: SessionData = { cookie, kept: true };
        names.forEach((name, index) => {
          expected[name] = index;
        });
        assertSameSession(await store.get(sid), expected);
      },
    },
    {
      name: "of two patches of the same field, the later one wins",
      run: async () => {
        const sid = newId();
        const cookie = cookieExpiringIn(HOUR_MS);
        await store.set(sid, { cookie, user: "ada" });
        await patch(sid, { set: [["user", "grace"]], unset: [] });
        await patch(sid, { set: [["user", "hedy"]], unset: [] });
        assertSameSession(await store.get(sid), { cookie, user: "hedy" });
      },
    },
  ];
}

/**
 * The behaviour that `nextSession` relies on from a store, as test cases that any runner
 * can run: `for (const c of storeContract({ store })) test(c.name, c.run)`.
 *
 * The cases talk to the store directly, except the last one, which serves real requests
 * from two `nextSession()` instances on loopback HTTP servers.
 */
export function storeContract(options: StoreContractOptions): StoreContractCase[] {
  const { store, expiresAt, expiryToleranceMs = 1000 } = options;
  if (typeof store !== "object" || store === null || missingMethods(store).length > 0) {
    throw new TypeError(
      "next-session/store-contract: options.store must have get, set and destroy methods",
    );
  }

  async function assertStoreExpiry(sid: string, expected: Date): Promise<void> {
    if (expiresAt === undefined) return;
    const actual = await expiresAt(sid);
    assert.ok(actual !== undefined, "the store keeps no expiry for the session");
    const drift = Math.abs(actual - expected.getTime());
    assert.ok(drift <= expiryToleranceMs, `store expiry is ${drift} ms off cookie.expires`);
  }

  const cases: StoreContractCase[] = [
    {
      name: "get resolves null or undefined for an id it never saw",
      run: async () => assertMissing(await store.get(newId())),
    },
    {
      name: "set then get gives back the fields and the cookie, expires at the same instant",
      run: async () => {
        const sid = newId();
        const session: SessionData = { cookie: cookieExpiringIn(HOUR_MS), views: 1, user: "ada" };
        await store.set(sid, session);
        assertSameSession(await store.get(sid), session);
        await assertStoreExpiry(sid, session.cookie.expires as Date);
      },
    },
    {
      name: "unicode and nested data survive the round trip",
      run: async () => {
        const sid = newId();
        const session: SessionData = {
          cookie: cookieExpiringIn(HOUR_MS),
          "name with spaces": 'Zoë 🍪 名前 \u2028 "quoted" \\ back',
          nested: { list: [1, "two", { three: [3, null, false] }], empty: {}, emptyList: [] },
          zero: 0,
          nothing: null,
        };
        await store.set(sid, session);
        assertSameSession(await store.get(sid), session);
      },
    },
    {
      name: "a session without expiry (a browser-session cookie) is kept",
      run: async () => {
        const sid = newId();
        const session: SessionData = { cookie: { httpOnly: true, path: "/", secure: false } };
        session.cart = ["book"];
        await store.set(sid, session);
        assertSameSession(await store.get(sid), session);
      },
    },
    {
      name: "a second set replaces the session, removed fields included",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), a: 1, b: 2 });
        const replacement: SessionData = { cookie: cookieExpiringIn(2 * HOUR_MS), a: 3 };
        await store.set(sid, replacement);
        assertSameSession(await store.get(sid), replacement);
        await assertStoreExpiry(sid, replacement.cookie.expires as Date);
      },
    },
    {
      name: "destroy removes the session",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), views: 1 });
        await store.destroy(sid);
        assertMissing(await store.get(sid));
      },
    },
    {
      name: "destroy of an id it never saw resolves",
      run: async () => {
        await store.destroy(newId());
      },
    },
    {
      name: "a session whose cookie.expires has passed is not returned",
      run: async () => {
        const sid = newId();
        await store.set(sid, { cookie: cookieExpiringIn(-HOUR_MS), views: 1 });
        assertMissing(await store.get(sid));
      },
    },
    {
      name: "concurrent sets on different ids keep each its own data",
      run: async () => {
        const sessions = Array.from({ length: 25 }, (_, index) => ({
          sid: newId(),
          session: { cookie: cookieExpiringIn(HOUR_MS), index } as SessionData,
        }));
        await Promise.all(sessions.map(({ sid, session }) => store.set(sid, session)));
        const loaded = await Promise.all(sessions.map(({ sid }) => store.get(sid)));
        loaded.forEach((record, index) => {
          assertSameSession(record, (sessions[index] as { session: SessionData }).session);
        });
      },
    },
  ];

  if (typeof store.touch === "function") {
    const touch = store.touch.bind(store);
    cases.push(
      {
        name: "touch keeps the session and its fields, and moves the store's expiry",
        run: async () => {
          const sid = newId();
          const session: SessionData = { cookie: cookieExpiringIn(HOUR_MS), views: 2 };
          await store.set(sid, session);
          const touched: SessionData = { ...session, cookie: cookieExpiringIn(3 * HOUR_MS) };
          await touch(sid, touched);
          const record = await store.get(sid);
          assert.ok(record, "the session is gone after touch");
          assert.equal(record.views, 2);
          await assertStoreExpiry(sid, touched.cookie.expires as Date);
        },
      },
      {
        name: "touch never creates a session: not for an id it never saw, nor after destroy",
        run: async () => {
          const session: SessionData = { cookie: cookieExpiringIn(HOUR_MS), views: 1 };
          const unknown = newId();
          await touch(unknown, session);
          assertMissing(await store.get(unknown));
          const destroyed = newId();
          await store.set(destroyed, session);
          await store.destroy(destroyed);
          await touch(destroyed, session);
          assertMissing(await store.get(destroyed));
        },
      },
    );
  } else {
    cases.push(notRun("touch", "a touched session is saved in full with set()"));
  }

  if (typeof store.patch === "function") {
    cases.push(...patchCases(store.patch.bind(store), store, assertStoreExpiry));
  } else {
    cases.push(
      notRun(
        "patch",
        "a changed session is saved in full with set(), so concurrent requests of one session can lose each other's fields, and one still in flight can bring back a session that was destroyed",
      ),
    );
  }

  const { ownerIndex } = store;
  if (ownerIndex !== undefined) {
    cases.push(...ownerIndexCases(ownerIndex), {
      name: "a session revoked from another app is gone on its next request, and a request in flight brings nothing back",
      run: () => revokeAcrossApps(store),
    });
  } else {
    cases.push(
      notRun(
        "ownerIndex",
        "getSession.listSessions(), revokeSession() and revokeSessions() reject with this store",
      ),
    );
  }

  cases.push({
    name: "two nextSession() apps sharing the store count views for one client",
    run: () => countViewsAcrossApps(store),
  });
  return cases;
}
