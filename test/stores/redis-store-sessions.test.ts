/**
 * Sessions served over HTTP from RedisStore, on Redis and on the Cluster: concurrent
 * requests of one session keep each other's fields, and a logout stays a logout while
 * another request of the session is still in flight.
 */
import { afterAll, expect, it } from "vitest";
import type { Options } from "../../src/index.js";
import { RedisStore } from "../../src/stores/redis-store.js";
import { sessionApp } from "../helpers/app.js";
import { gate, parallelWriters, pathOf } from "../helpers/concurrency.js";
import { CLIENT_KINDS } from "../helpers/redis-clients.js";
import { cookiesNamed } from "../helpers/set-cookie.js";
import { describeWithServer } from "../servers/index.js";

// One client per topology: the store contract already runs every client kind.
for (const [service, kindName] of [
  ["redis", "node-redis 5 createClient"],
  ["redisCluster", "ioredis 5 Cluster"],
] as const) {
  describeWithServer(service, `sessions in RedisStore (${kindName})`, async (url) => {
    const kind = CLIENT_KINDS.find((k) => k.name === kindName);
    if (kind === undefined) throw new Error(`no client kind ${kindName}`);
    const { client, close } = await kind.connect(url);
    afterAll(close);
    const store = new RedisStore({ client, prefix: `http:${service}:` });

    it("keeps all fifty fields that fifty parallel requests of one session set", async () => {
      const count = 50;
      const { fields } = await parallelWriters(store, count);
      const written = Array.from({ length: count }, (_, i) => `f${i}`);
      expect(Object.keys(fields ?? {}).sort()).toEqual(["started", ...written].sort());
    });

    it.each([
      ["changes a field", {}, "/write"],
      ["only touches the session (touchAfter: 0)", { touchAfter: 0 }, "/read"],
    ] as const)(
      "a logout stays a logout when a late request %s",
      async (_, options: Options, slowPath) => {
        const slowLoaded = gate();
        const release = gate();
        const app = await sessionApp(
          { store, cookie: { maxAge: 3600 }, ...options },
          async (session, req, res) => {
            const path = pathOf(req);
            if (path === "/login") session.user = "ada";
            if (path === "/write" || path === "/read") {
              slowLoaded.open();
              await release.opened;
              if (path === "/write") session.note = "written after the logout";
            }
            if (path === "/logout") await session.destroy();
            res.end(JSON.stringify({ id: session.id, user: session.user ?? null }));
          },
        );
        const browser = app.client();
        const { id: sid } = JSON.parse((await browser.request("/login")).body) as { id: string };
        const oldCookie = browser.cookieHeader;
        const slow = browser.request(slowPath);
        await slowLoaded.opened;
        await browser.request("/logout");
        release.open();
        const late = await slow;
        expect(cookiesNamed(late.headers, "sid")).toEqual([]);
        expect(await store.get(sid)).toBeNull();
        const afterwards = await app.client().request("/me", { headers: { cookie: oldCookie } });
        expect(JSON.parse(afterwards.body)).toMatchObject({ user: null });
      },
    );
  });
}
