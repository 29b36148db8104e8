import { promisify } from "node:util";
import express from "express";
import expressSession from "express-session";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import { type CallbackStore, promisifyStore } from "../../src/stores/compat.js";
import { serve } from "../helpers/server.js";
import { sessionCookieOf } from "../helpers/set-cookie.js";

const SECRET = "migrate me";

/**
 * express-session's types declare every cookie field optional, ours do not: the records
 * are the same at run time, which is what these tests check.
 */
function asCallbackStore(store: expressSession.Store): CallbackStore {
  return store as unknown as CallbackStore;
}

/** The session express-session put on an Express request. */
function sessionOf(req: express.Request): Record<string, unknown> {
  return (req as unknown as { session: Record<string, unknown> }).session;
}

/** An express app with the real express-session, sharing `store` with next-session. */
function expressApp(store: expressSession.Store, secret: string | string[] = SECRET) {
  const app = express();
  app.use(expressSession({ secret, store, resave: false, saveUninitialized: false }));
  app.get("/login", (req, res) => {
    sessionOf(req).user = "ada";
    res.send("ok");
  });
  app.get("/whoami", (req, res) => {
    res.send(String(sessionOf(req).user ?? "nobody"));
  });
  return app;
}

function nextSessionServer(store: expressSession.Store, secret: string | string[] = SECRET) {
  const getSession = nextSession({
    name: "connect.sid",
    secret,
    store: promisifyStore(asCallbackStore(store)),
  });
  return serve(async (req, res) => {
    const session = await getSession(req, res);
    if (req.url === "/login") session.user = "grace";
    res.end(String(session.user ?? "nobody"));
  });
}

describe("migration from express-session", () => {
  it("keeps users of express-session logged in with the same secret and store", async () => {
    const store = new expressSession.MemoryStore();
    const login = await request(expressApp(store)).get("/login").expect(200);
    const cookie = sessionCookieOf(login, "connect.sid");
    expect(cookie.value).toMatch(/^s%3A/);

    const server = await nextSessionServer(store);
    const response = await fetch(`${server.url}/`, {
      headers: { cookie: `connect.sid=${cookie.value}` },
    });
    expect(await response.text()).toBe("ada");
  });

  it("signs cookies that express-session accepts", async () => {
    const store = new expressSession.MemoryStore();
    const server = await nextSessionServer(store);
    const { value } = sessionCookieOf(await fetch(`${server.url}/login`), "connect.sid");
    expect(value).toMatch(/^s%3A/);
    await request(expressApp(store))
      .get("/whoami")
      .set("cookie", `connect.sid=${value}`)
      .expect(200, "grace");
  });

  it("accepts a cookie signed with a retired secret when it is still listed", async () => {
    const store = new expressSession.MemoryStore();
    const login = await request(expressApp(store, "old")).get("/login").expect(200);
    const cookie = sessionCookieOf(login, "connect.sid");
    const server = await nextSessionServer(store, ["new", "old"]);
    const response = await fetch(server.url, {
      headers: { cookie: `connect.sid=${cookie.value}` },
    });
    expect(await response.text()).toBe("ada");
    const replaced = await nextSessionServer(store, ["new"]);
    const rejected = await fetch(replaced.url, {
      headers: { cookie: `connect.sid=${cookie.value}` },
    });
    expect(await rejected.text()).toBe("nobody");
  });

  it("reads the record express-session wrote, expiry included", async () => {
    const store = new expressSession.MemoryStore();
    const app = express();
    app.use(
      expressSession({
        secret: SECRET,
        store,
        resave: false,
        saveUninitialized: false,
        cookie: { maxAge: 60_000 },
      }),
    );
    app.get("/", (req, res) => {
      sessionOf(req).n = 1;
      res.send("ok");
    });
    const login = await request(app).get("/").expect(200);
    const cookie = sessionCookieOf(login, "connect.sid");
    const sid = decodeURIComponent(cookie.value).slice(2).split(".")[0] ?? "";
    const record = (await promisify(store.get.bind(store))(sid)) as {
      cookie: { expires?: unknown };
    };
    expect(record.cookie.expires).toBeDefined();

    const getSession = nextSession({
      name: "connect.sid",
      secret: SECRET,
      store: promisifyStore(asCallbackStore(store)),
    });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      res.end(JSON.stringify({ n: session.n, expires: session.cookie.expires }));
    });
    const response = await fetch(server.url, {
      headers: { cookie: `connect.sid=${cookie.value}` },
    });
    const body = (await response.json()) as { n: number; expires: string };
    expect(body.n).toBe(1);
    expect(new Date(body.expires).getTime()).toBeGreaterThan(Date.now());
  });
});
