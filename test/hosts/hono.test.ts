import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { CookieClient } from "../helpers/client.js";
import { serve } from "../helpers/server.js";
import { expectExpiredCookie, sessionCookieOf } from "../helpers/set-cookie.js";

// One store and one set of options, reached from a Fetch-API framework (Hono on Node)
// and from a plain Node handler: a user must keep one session across both.
const store = new MemoryStore();
const getSession = nextSession<{ views?: number; user?: string }>({
  store,
  cookie: { maxAge: 3600, sameSite: "lax" },
});

const app = new Hono();
app.get("/views", async (c) => {
  const headers = new Headers();
  const session = await getSession(c.req.raw, headers);
  session.views = (session.views ?? 0) + 1;
  await session.commit();
  return c.json({ views: session.views }, { headers });
});
app.post("/logout", async (c) => {
  const headers = new Headers();
  const session = await getSession(c.req.raw, headers);
  await session.destroy();
  return c.body(null, { status: 204, headers });
});
// A read-only look, as a proxy/middleware would take: no headers, no commit.
app.get("/whoami", async (c) => {
  const session = await getSession(c.req.raw);
  return c.json({ views: session.views ?? 0 });
});

/** The Hono app and a plain Node handler, each on its own loopback server. */
async function servers() {
  const hono = await serve(getRequestListener(app.fetch));
  const node = await serve(async (req, res) => {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ views: session.views }));
  });
  return { hono: hono.url, node: node.url, client: new CookieClient(hono.url) };
}

describe("Hono on Node, over real HTTP", () => {
  it("counts views with the cookie on the response", async () => {
    const { client } = await servers();
    const views: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await client.request("/views");
      expect(response.status).toBe(200);
      views.push((JSON.parse(response.body) as { views: number }).views);
    }
    expect(views).toEqual([1, 2, 3]);
  });

  it("sends the same cookie as a Node handler does", async () => {
    const { hono, node } = await servers();
    const fromHono = sessionCookieOf(await fetch(`${hono}/views`));
    const fromNode = sessionCookieOf(await fetch(node));
    expect(Object.keys(fromHono.attributes)).toEqual(Object.keys(fromNode.attributes));
    expect(fromHono.attributes.samesite).toBe("Lax");
    expect(fromHono.attributes.httponly).toBe(true);
  });

  it("keeps one session for a user moving between Hono and a Node handler", async () => {
    const { node, client } = await servers();
    const views = async (url: string) => JSON.parse((await client.request(url)).body);
    await client.request("/views");
    expect(await views(node)).toEqual({ views: 2 });
    expect(await views("/views")).toEqual({ views: 3 });
    expect(await views("/whoami")).toEqual({ views: 3 });
  });

  it("logs out: the record is gone and the cookie expired", async () => {
    const { client } = await servers();
    await client.request("/views");
    const response = await client.request("/logout", { method: "POST" });
    expect(response.status).toBe(204);
    expectExpiredCookie(response);
    expect(JSON.parse((await client.request("/views")).body)).toEqual({ views: 1 });
  });
});
