import { randomUUID } from "node:crypto";
import { createClient, createCluster } from "redis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { RedisStore } from "../../src/stores/redis-store.js";
import type { Cookie, SessionData } from "../../src/types.js";
import { CLIENT_KINDS, type Topology } from "../helpers/redis-clients.js";
import { itFulfilsStoreContract } from "../helpers/store-contract.js";
import { describeWithServer } from "../servers/index.js";

const HOUR_MS = 3_600_000;

function cookieExpiringIn(ms: number): Cookie {
  const expires = new Date(Date.now() + ms);
  return { path: "/", httpOnly: true, secure: false, maxAge: Math.round(ms / 1000), expires };
}

const browserSessionCookie: Cookie = { path: "/", httpOnly: true, secure: false };

/** The commands the assertions below send, the same for a single Redis and a cluster. */
interface Inspector {
  pExpireTime(key: string): Promise<number>;
  pTTL(key: string): Promise<number>;
  hGetAll(key: string): Promise<Record<string, string>>;
  hSet(key: string, field: string, value: string): Promise<unknown>;
  exists(key: string): Promise<number>;
  zRangeWithScores(key: string, start: number, stop: number): Promise<unknown[]>;
  /** Every key of the store's prefix that mentions `sid`, on every node. */
  keysOf(prefix: string, sid: string): Promise<string[]>;
  /** Makes every node forget its cached scripts, as a restart does. */
  flushScripts(): Promise<void>;
  end(): Promise<unknown>;
}

async function inspector(topology: Topology, url: string): Promise<Inspector> {
  if (topology === "single") {
    const client = await createClient({ url }).connect();
    return Object.assign(client, {
      keysOf: (prefix: string, sid: string) => client.keys(`${prefix}*${sid}*`),
      flushScripts: async () => void (await client.scriptFlush()),
      end: () => client.quit(),
    });
  }
  const cluster = createCluster({ rootNodes: url.split(",").map((node) => ({ url: node })) });
  await cluster.connect();
  const onEveryMaster = <T>(run: (client: ReturnType<typeof createClient>) => Promise<T>) =>
    Promise.all(
      cluster.masters.map(async (master) => run((await cluster.nodeClient(master)) as never)),
    );
  return Object.assign(cluster, {
    keysOf: async (prefix: string, sid: string) =>
      (await onEveryMaster((client) => client.keys(`${prefix}*${sid}*`))).flat(),
    flushScripts: async () => void (await onEveryMaster((client) => client.scriptFlush())),
    end: () => cluster.close(),
  });
}

/** The key of a session whose id needs no escaping in a hash tag. */
const keyOf = (prefix: string, sid: string) => `${prefix}{${sid}}`;

describe("RedisStore options", () => {
  it("needs options", () => {
    expect(() => new (RedisStore as new () => RedisStore)()).toThrow(
      /RedisStore option "client" must be a connected client/,
    );
  });

  it.each([[undefined], [null], [{}], [{ sendCommand() {} }], [{ get() {}, set() {} }]])(
    "rejects %j as a client",
    (value) => {
      expect(() => new RedisStore({ client: value as never })).toThrow(
        new TypeError(
          'next-session: RedisStore option "client" must be a connected client of node-redis 4 or 5 (createClient, createCluster) or ioredis 5 (Redis, Cluster)',
        ),
      );
    },
  );

  it.each([
    ["prefix", "app{1}:", 'a string without { or }, got "app{1}:"'],
    ["prefix", 42, "a string without { or }, got 42"],
    ["ttl", 0, "a number of seconds above 0, got 0"],
    ["ttl", Number.POSITIVE_INFINITY, "a number of seconds above 0, got Infinity"],
    ["ttl", "60", 'a number of seconds above 0, got "60"'],
    ["timeout", 0, "a number of milliseconds from 1 to 2147483647, got 0"],
    ["timeout", 2 ** 31, "a number of milliseconds from 1 to 2147483647, got 2147483648"],
    ["timeout", Number.NaN, "a number of milliseconds from 1 to 2147483647, got NaN"],
  ])("rejects %s %j", (option, value, expected) => {
    const ioredisShaped = { isCluster: false, call: async () => null };
    expect(() => new RedisStore({ client: ioredisShaped, [option]: value } as never)).toThrow(
      new TypeError(`next-session: RedisStore option "${option}" must be ${expected}`),
    );
  });
});

describe("RedisStore when the client does not answer", () => {
  /** An ioredis-shaped client whose replies are under the test's control. */
  function controlledClient() {
    const replies: ((outcome: { value?: unknown; error?: Error }) => void)[] = [];
    const client = {
      isCluster: false,
      call: () =>
        new Promise<unknown>((resolve, reject) => {
          replies.push(({ value, error }) => (error ? reject(error) : resolve(value)));
        }),
    };
    return { client, replies };
  }

  it("rejects once the timeout has passed, naming the call and the option", async () => {
    const { client } = controlledClient();
    const store = new RedisStore({ client, timeout: 20 });
    await expect(store.get("a")).rejects.toThrow(
      'next-session: Redis did not answer RedisStore.get() within 20 ms (the "timeout" option); is Redis down or overloaded?',
    );
  });

  it("drops a reply or an error that comes after the timeout (no unhandled rejection)", async () => {
    const { client, replies } = controlledClient();
    const store = new RedisStore({ client, timeout: 20 });
    const get = store.get("a");
    const destroy = store.destroy("a");
    await expect(get).rejects.toThrow(/did not answer RedisStore.get\(\)/);
    await expect(destroy).rejects.toThrow(/did not answer RedisStore.destroy\(\)/);
    replies[0]?.({ value: ["cookie", "{}"] });
    replies[1]?.({ error: new Error("Connection is closed.") });
    // An unhandled rejection would fail this test file; give it the turns it needs to show.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it.each([
    ["sets", { set: [["cookie", {}]] as const, unset: [] }],
    ["unsets", { set: [], unset: ["cookie"] }],
  ])("rejects a patch that %s a field named cookie, sending nothing", async (_, patch) => {
    const { client, replies } = controlledClient();
    const store = new RedisStore({ client });
    await expect(store.patch("a", patch)).rejects.toThrow(
      new TypeError(
        'next-session: a SessionPatch cannot set or unset "cookie"; pass the new cookie as patch.cookie',
      ),
    );
    expect(replies).toEqual([]);
  });

  it("wraps the client's error, which stays the cause", async () => {
    const { client, replies } = controlledClient();
    const store = new RedisStore({ client });
    const patch = store.patch("a", { set: [["n", 1]], unset: [] });
    const cause = new Error("Connection is closed.");
    replies[0]?.({ error: cause });
    await expect(patch).rejects.toThrow(
      "next-session: RedisStore.patch() failed: the Redis client reported an error (see cause)",
    );
    await expect(patch).rejects.toHaveProperty("cause", cause);
  });
});

for (const topology of ["single", "cluster"] as const) {
  const service = topology === "single" ? "redis" : "redisCluster";

  describeWithServer(service, `RedisStore on ${topology} Redis`, async (url) => {
    const redis = await inspector(topology, url);
    afterAll(() => redis.end());

    for (const kind of CLIENT_KINDS.filter((k) => k.topology === topology)) {
      describe(kind.name, async () => {
        const { client, close } = await kind.connect(url);
        afterAll(close);
        const prefix = `rs:${kind.name.replace(/\W+/g, "-")}:`;
        const store = new RedisStore({ client, prefix });

        itFulfilsStoreContract({
          store,
          expiresAt: async (sid) => {
            const at = await redis.pExpireTime(keyOf(prefix, sid));
            return at < 0 ? undefined : at;
          },
          expiryToleranceMs: 0,
        });

        it("keeps a session in one hash: the cookie and one JSON field per user field", async () => {
          const sid = randomUUID();
          const cookie = cookieExpiringIn(HOUR_MS);
          await store.set(sid, { cookie, user: { name: "Ada" }, views: 3 });
          expect(await redis.hGetAll(keyOf(prefix, sid))).toEqual({
            cookie: JSON.stringify(cookie),
            "f:user": '{"name":"Ada"}',
            "f:views": "3",
          });
          expect(await redis.pExpireTime(keyOf(prefix, sid))).toBe(cookie.expires?.getTime());
          expect(await redis.keysOf(prefix, sid)).toEqual([keyOf(prefix, sid)]);
        });

        it("leaves no key behind after destroy, and patch or touch do not bring one back", async () => {
          const sid = randomUUID();
          const session: SessionData = { cookie: cookieExpiringIn(HOUR_MS), user: "ada" };
          await store.set(sid, session);
          expect(await store.destroy(sid)).toBe(true);
          expect(await store.destroy(sid)).toBe(false);
          expect(await store.patch(sid, { set: [["user", "mallory"]], unset: [] })).toBe(false);
          await store.touch(sid, session);
          expect(await redis.keysOf(prefix, sid)).toEqual([]);
        });

        it("gives a session without expiry the ttl, renewed by every write to it", async () => {
          const ttlStore = new RedisStore({ client, prefix, ttl: 600 });
          const sid = randomUUID();
          await ttlStore.set(sid, { cookie: browserSessionCookie, n: 1 });
          expect(await redis.pTTL(keyOf(prefix, sid))).toBeGreaterThan(590_000);
          await client_pExpire(redis, keyOf(prefix, sid));
          await ttlStore.patch(sid, { set: [["n", 2]], unset: [] });
          expect(await redis.pTTL(keyOf(prefix, sid))).toBeGreaterThan(590_000);
          await client_pExpire(redis, keyOf(prefix, sid));
          await ttlStore.touch(sid, { cookie: browserSessionCookie, n: 2 });
          expect(await redis.pTTL(keyOf(prefix, sid))).toBeGreaterThan(590_000);
        });

        it("keeps the expiry of a session with cookie.expires when a patch has no cookie", async () => {
          const sid = randomUUID();
          const cookie = cookieExpiringIn(HOUR_MS);
          await store.set(sid, { cookie, n: 1 });
          await store.patch(sid, { set: [["n", 2]], unset: [] });
          expect(await redis.pExpireTime(keyOf(prefix, sid))).toBe(cookie.expires?.getTime());
        });

        it("leaves out a field whose value JSON leaves out, in set and in patch", async () => {
          const sid = randomUUID();
          const cookie = cookieExpiringIn(HOUR_MS);
          await store.set(sid, { cookie, gone: 1, kept: 2, never: undefined });
          expect(Object.keys(await redis.hGetAll(keyOf(prefix, sid))).sort()).toEqual([
            "cookie",
            "f:gone",
            "f:kept",
          ]);
          await store.patch(sid, { set: [["gone", undefined]], unset: [] });
          expect(await store.get(sid)).toEqual({ cookie, kept: 2 });
        });

        it("ignores hash fields it does not own (room for metadata)", async () => {
          const sid = randomUUID();
          const cookie = cookieExpiringIn(HOUR_MS);
          await store.set(sid, { cookie, n: 1 });
          await redis.hSet(keyOf(prefix, sid), "created", String(Date.now()));
          expect(await store.get(sid)).toEqual({ cookie, n: 1 });
        });

        it("treats a value that is not JSON as no session", async () => {
          const sid = randomUUID();
          await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), n: 1 });
          await redis.hSet(keyOf(prefix, sid), "f:n", "{not json");
          expect(await store.get(sid)).toBeNull();
        });

        it("runs its scripts again after Redis forgot them (NOSCRIPT)", async () => {
          const sid = randomUUID();
          await store.set(sid, { cookie: cookieExpiringIn(HOUR_MS), n: 1 });
          await redis.flushScripts();
          expect(await store.patch(sid, { set: [["n", 2]], unset: [] })).toBe(true);
          await redis.flushScripts();
          expect((await store.get(sid))?.n).toBe(2);
        });

        it("keeps an owner's index in one sorted set scored by expiry, which expires with its latest entry and goes with its last", async () => {
          const owner = `owner-${randomUUID()}`;
          const key = `${prefix}owner:{${owner}}`;
          const [first, second] = [randomUUID(), randomUUID()];
          const soon = Date.now() + HOUR_MS;
          const later = soon + HOUR_MS;
          await store.ownerIndex.add(owner, first, later);
          await store.ownerIndex.add(owner, second, soon);
          expect(await redis.zRangeWithScores(key, 0, -1)).toEqual([
            { value: second, score: soon },
            { value: first, score: later },
          ]);
          expect(await redis.pExpireTime(key)).toBe(later);
          await store.ownerIndex.remove(owner, first);
          await store.ownerIndex.remove(owner, second);
          expect(await redis.exists(key)).toBe(0);
        });

        it("gives an index entry of a session without expiry the store's ttl, and a minute for the write that follows", async () => {
          vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
          try {
            const ttlStore = new RedisStore({ client, prefix, ttl: 600 });
            const owner = `owner-${randomUUID()}`;
            const sid = randomUUID();
            await ttlStore.ownerIndex.add(owner, sid, undefined);
            expect(await redis.zRangeWithScores(`${prefix}owner:{${owner}}`, 0, -1)).toEqual([
              { value: sid, score: Date.now() + 600_000 + 60_000 },
            ]);
          } finally {
            vi.useRealTimers();
          }
        });

        it("takes an index entry whose expiry is not a whole millisecond", async () => {
          const owner = `owner-${randomUUID()}`;
          const sid = randomUUID();
          await store.ownerIndex.add(owner, sid, Date.now() + HOUR_MS + 0.5);
          expect(await store.ownerIndex.list(owner)).toEqual([sid]);
        });

        it("runs the owner index script again after Redis forgot it, and escapes braces in owners", async () => {
          const owner = `}{${randomUUID()}%`;
          const sid = randomUUID();
          await redis.flushScripts();
          await store.ownerIndex.add(owner, sid, Date.now() + HOUR_MS);
          expect(await store.ownerIndex.list(owner)).toEqual([sid]);
          const escaped = owner.replace(/%/g, "%25").replace(/\}/g, "%7D");
          expect(await redis.exists(`${prefix}owner:{${escaped}}`)).toBe(1);
        });

        it("serves ids with braces and other odd characters", async () => {
          for (const sid of ["}{", "a}b{c", "{x}", "%7D", "sp ace:colon"]) {
            const session: SessionData = { cookie: cookieExpiringIn(HOUR_MS), sid };
            await store.set(sid, session);
            expect(await store.get(sid)).toEqual(session);
            expect(await store.patch(sid, { set: [["more", 1]], unset: [] })).toBe(true);
            await store.destroy(sid);
            expect(await store.get(sid)).toBeNull();
          }
          // "}" and "%" are percent-encoded, so the id stays one whole, non-empty hash tag.
          await store.set("a}b%{c", { cookie: cookieExpiringIn(HOUR_MS) });
          expect(await redis.exists(`${prefix}{a%7Db%25{c}`)).toBe(1);
        });
      });
    }
  });
}

/** Shortens a key's life behind the store's back, so that only a store write can restore it. */
async function client_pExpire(redis: Inspector, key: string): Promise<void> {
  await (redis as unknown as { pExpire(key: string, ms: number): Promise<unknown> }).pExpire(
    key,
    5_000,
  );
}
