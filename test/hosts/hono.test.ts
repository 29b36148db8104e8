import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { type RunningServer, startServer } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

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

let hono: RunningServer;
let node: RunningServer;

beforeAll(async () => {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  hono = {
    server: server as RunningServer["server"],
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
  node = await startServer(async (req, res) => {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ views: session.views }));
  });
});

afterAll(async () => {
  await hono?.close();
  await node?.close();
});

/** A client with a one-cookie jar, enough to follow one session across servers. */
function client() {
  let cookie: string | undefined;
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      headers: cookie === undefined ? {} : { cookie },
    });
    const [sid] = cookiesNamed(response.headers, "sid");
    if (sid !== undefined) {
      const expired = new Date(String(sid.attributes.expires)).getTime() <= Date.now();
      cookie = expired ? undefined : `sid=${sid.value}`;
    }
    return response;
  };
}

describe("Hono on Node, over real HTTP", () => {
  it("counts views with the cookie on the response", async () => {
    const get = client();
    const views: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await get(`${hono.url}/views`);
      expect(response.status).toBe(200);
      views.push(((await response.json()) as { views: number }).views);
    }
    expect(views).toEqual([1, 2, 3]);
  });

  it("sends the same cookie as a Node handler does", async () => {
    const fromHono = (await fetch(`${hono.url}/views`)).headers;
    const fromNode = (await fetch(node.url)).headers;
    const [a] = cookiesNamed(fromHono, "sid");
    const [b] = cookiesNamed(fromNode, "sid");
    expect(a && Object.keys(a.attributes)).toEqual(b && Object.keys(b.attributes));
    expect(a?.attributes.samesite).toBe("Lax");
    expect(a?.attributes.httponly).toBe(true);
  });

  it("keeps one session for a user moving between Hono and a Node handler", async () => {
    const get = client();
    await get(`${hono.url}/views`);
    expect(await (await get(node.url)).json()).toEqual({ views: 2 });
    expect(await (await get(`${hono.url}/views`)).json()).toEqual({ views: 3 });
    expect(await (await get(`${hono.url}/whoami`)).json()).toEqual({ views: 3 });
  });

  it("logs out: the record is gone and the cookie expired", async () => {
    const get = client();
    await get(`${hono.url}/views`);
    const response = await get(`${hono.url}/logout`, { method: "POST" });
    expect(response.status).toBe(204);
    const [sid] = cookiesNamed(response.headers, "sid");
    expect(new Date(String(sid?.attributes.expires)).getTime()).toBe(0);
    expect(await (await get(`${hono.url}/views`)).json()).toEqual({ views: 1 });
  });
});
