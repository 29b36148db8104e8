import { RedisStore as ConnectRedisStore } from "connect-redis";
import RedisStoreFactory from "connect-redis-6";
import { Redis as IORedis } from "ioredis";
import { createClient } from "redis";
import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import type { Options, SessionStore } from "../../src/types.js";
import { sessionApp } from "../helpers/app.js";
import { itFulfilsStoreContract } from "../helpers/store-contract.js";
import { describeWithServer } from "../servers/index.js";

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
  redis: ReturnType<typeof createClient>,
  prefix: string,
): void {
  /** A client of an app that logs in on "/", logs out on "/logout", and answers the id. */
  async function client(options: Options) {
    const app = await sessionApp({ store, ...options }, async (session, req, res) => {
      if (req.url === "/logout") await session.destroy();
      else session.user ??= "ada";
      res.end(session.id);
    });
    return app.client();
  }

  it("sets the Redis TTL from cookie.maxAge and deletes the key on destroy", async () => {
    const user = await client({ cookie: { maxAge: 600 } });
    const sid = (await user.request()).body;
    const ttl = await redis.pTTL(prefix + sid);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    await user.request("/logout");
    expect(await redis.exists(prefix + sid)).toBe(0);
  });

  it("moves the Redis TTL when touchAfter touches the session", async () => {
    const user = await client({ cookie: { maxAge: 600 }, touchAfter: 0 });
    const sid = (await user.request()).body;
    // Shorten the key's life behind the store's back: only a touch can restore it.
    await redis.pExpire(prefix + sid, 5_000);
    expect((await user.request()).body).toBe(sid);
    expect(await redis.pTTL(prefix + sid)).toBeGreaterThan(590_000);
  });

  it("keeps a rolling session alive past its first expiry, as its touches moved the TTL", async () => {
    // Only our clock moves: Redis keeps real time, and each touch set a TTL from our time.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const user = await client({ cookie: { maxAge: 600 }, touchAfter: 0 });
    const sid = (await user.request()).body;
    vi.setSystemTime(Date.now() + 500_000);
    expect((await user.request()).body).toBe(sid);
    vi.setSystemTime(Date.now() + 200_000);
    expect((await user.request()).body).toBe(sid);
  });

  it("does not return a session whose key Redis has expired", async () => {
    const user = await client({ cookie: { maxAge: 600 } });
    const sid = (await user.request()).body;
    await redis.pExpire(prefix + sid, 1);
    await expect.poll(() => redis.exists(prefix + sid)).toBe(0);
    expect((await user.request()).body).not.toBe(sid);
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
