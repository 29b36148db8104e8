import { RedisStore as ConnectRedisStore } from "connect-redis";
import RedisStoreFactory from "connect-redis-6";
import { Redis as IORedis } from "ioredis";
import { createClient } from "redis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { nextSession } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import type { Options, SessionStore } from "../../src/types.js";
import { startServer } from "../helpers/server.js";
import { describeWithServer, itFulfilsStoreContract } from "../helpers/store-contract.js";

/** When Redis will drop the key, in ms since the epoch (PEXPIRETIME, Redis 7). */
function redisExpiry(client: ReturnType<typeof createClient>, prefix: string) {
  return async (sid: string): Promise<number | undefined> => {
    const at = await client.pExpireTime(prefix + sid);
    // -2: no such key; -1: a key without expiry.
    return at < 0 ? undefined : at;
  };
}

/**
 * What users see through `nextSession()`: the expiry that Redis keeps follows the cookie's
 * maxAge, is moved by touchAfter, and the key goes with destroy().
 */
function itKeepsRedisExpiryInStep(
  store: SessionStore,
  client: ReturnType<typeof createClient>,
  prefix: string,
): void {
  async function app(options: Options) {
    const getSession = nextSession({ store, ...options });
    return startServer(async (req, res) => {
      const session = await getSession(req, res);
      if (req.url === "/logout") await session.destroy();
      else session.user ??= "ada";
      res.end(session.id);
    });
  }

  it("sets the Redis TTL from cookie.maxAge and deletes the key on destroy", async () => {
    const server = await app({ cookie: { maxAge: 600 } });
    try {
      const first = await fetch(server.url);
      const sid = await first.text();
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
      const ttl = await client.pTTL(prefix + sid);
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);
      await fetch(`${server.url}/logout`, { headers: { cookie } });
      expect(await client.exists(prefix + sid)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("moves the Redis TTL when touchAfter touches the session", async () => {
    const server = await app({ cookie: { maxAge: 600 }, touchAfter: 0 });
    try {
      const first = await fetch(server.url);
      const sid = await first.text();
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
      // Shorten the key's life behind the store's back: only a touch can restore it.
      await client.pExpire(prefix + sid, 5_000);
      const second = await fetch(server.url, { headers: { cookie } });
      expect(await second.text()).toBe(sid);
      expect(await client.pTTL(prefix + sid)).toBeGreaterThan(590_000);
    } finally {
      await server.close();
    }
  });

  it("keeps a rolling session alive past its first expiry, as its touches moved the TTL", async () => {
    // Only our clock moves: Redis keeps real time, and each touch set a TTL from our time.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const server = await app({ cookie: { maxAge: 600 }, touchAfter: 0 });
    try {
      const first = await fetch(server.url);
      const sid = await first.text();
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
      vi.setSystemTime(Date.now() + 500_000);
      expect(await (await fetch(server.url, { headers: { cookie } })).text()).toBe(sid);
      vi.setSystemTime(Date.now() + 200_000);
      expect(await (await fetch(server.url, { headers: { cookie } })).text()).toBe(sid);
    } finally {
      vi.useRealTimers();
      await server.close();
    }
  });

  it("does not return a session whose key Redis has expired", async () => {
    const server = await app({ cookie: { maxAge: 600 } });
    try {
      const first = await fetch(server.url);
      const sid = await first.text();
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
      await client.pExpire(prefix + sid, 1);
      await expect.poll(() => client.exists(prefix + sid)).toBe(0);
      const second = await fetch(server.url, { headers: { cookie } });
      expect(await second.text()).not.toBe(sid);
    } finally {
      await server.close();
    }
  });
}

describeWithServer("redis", "Redis stores", async (url) => {
  // One client for the assertions; each store below gets its own client and key prefix.
  const client = await createClient({ url }).connect();
  afterAll(() => client.quit());

  describe("connect-redis 6 (factory API) with ioredis", async () => {
    const ioredis = new IORedis(url, { lazyConnect: true });
    await ioredis.connect();
    afterAll(() => ioredis.quit());
    const prefix = "v6:";
    // The factory pattern of next-session 4's README, with the compat stand-in.
    const RedisStoreV6 = RedisStoreFactory(expressSession);
    const store = promisifyStore(new RedisStoreV6({ client: ioredis, prefix }));
    itFulfilsStoreContract({ store, expiresAt: redisExpiry(client, prefix) });
    itKeepsRedisExpiryInStep(store, client, prefix);
  });

  describe("connect-redis 9 (class API) with redis 5", async () => {
    const storeClient = await createClient({ url }).connect();
    afterAll(() => storeClient.quit());
    const prefix = "v9:";
    const store = promisifyStore(new ConnectRedisStore({ client: storeClient, prefix }));
    itFulfilsStoreContract({ store, expiresAt: redisExpiry(client, prefix) });
    itKeepsRedisExpiryInStep(store, client, prefix);
  });
});
