import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { nextSession, type Session } from "../../src/index.js";
import { sessionApp } from "../helpers/app.js";
import { CookieClient } from "../helpers/client.js";
import { requestWith } from "../helpers/fetch.js";
import { serve } from "../helpers/server.js";
import { testStore } from "../helpers/stores.js";

describe("the session object", () => {
  it("has enumerable user fields and a cookie; id and methods are hidden", async () => {
    let seen: Session | undefined;
    const app = await sessionApp({}, (session, _req, res) => {
      session.user = "ada";
      seen = session;
      res.end();
    });
    await app.client().request();
    expect(Object.keys(seen ?? {}).sort()).toEqual(["cookie", "user"]);
    expect(typeof seen?.id).toBe("string");
    for (const method of ["commit", "touch", "destroy"] as const) {
      expect(typeof seen?.[method]).toBe("function");
    }
    expect(JSON.parse(JSON.stringify(seen))).toEqual({
      user: "ada",
      cookie: { path: "/", httpOnly: true, secure: false },
    });
  });

  it("never sends id or methods to the store", async () => {
    const store = testStore();
    const app = await sessionApp({ store });
    await app.client().request();
    const saved = JSON.parse(store.callsTo("set")[0]?.session ?? "{}");
    expect(Object.keys(saved).sort()).toEqual(["cookie", "views"]);
  });

  it("is also on req.session", async () => {
    let same = false;
    const app = await sessionApp({}, (session, req, res) => {
      same = (req as IncomingMessage & { session?: Session }).session === session;
      res.end();
    });
    await app.client().request();
    expect(same).toBe(true);
  });

  it("returns req.session when already set, without reading the store", async () => {
    const store = testStore();
    const getSession = nextSession({ store });
    const results: boolean[] = [];
    const server = await serve(async (req, res) => {
      const first = await getSession(req, res);
      const second = await getSession(req, res);
      results.push(first === second);
      res.end();
    });
    await fetch(server.url);
    expect(results).toEqual([true]);
    expect(store.callsTo("get")).toHaveLength(0);
  });

  it("gives calls made at once in one request one session, so that no field set on it is lost", async () => {
    const store = testStore();
    const getSession = nextSession({ store });
    const same: boolean[] = [];
    let request = 0;
    const server = await serve(async (req, res) => {
      request += 1;
      const [user, cart] = await Promise.all([getSession(req, res), getSession(req, res)]);
      same.push(user === cart);
      user[`user${request}`] = true;
      cart[`cart${request}`] = true;
      res.end();
    });
    const client = new CookieClient(server.url);
    await client.request();
    await client.request();
    const saved = await store.memory.get(client.jar.get("sid") ?? "");
    const { cookie: _, ...fields } = saved ?? {};
    expect(fields).toEqual({ user1: true, cart1: true, user2: true, cart2: true });
    expect(same).toEqual([true, true]);
  });

  it("gives calls made at once with one Request and Headers one session", async () => {
    const getSession = nextSession();
    const request = requestWith();
    const headers = new Headers();
    const [first, second] = await Promise.all([
      getSession(request, headers),
      getSession(request, headers),
    ]);
    expect(first).toBe(second);
  });

  it("keeps the id across requests", async () => {
    const ids: string[] = [];
    const app = await sessionApp({}, (session, _req, res) => {
      session.seen = true;
      ids.push(session.id);
      res.end();
    });
    const client = app.client();
    await client.request();
    await client.request();
    expect(ids[0]).toBe(ids[1]);
    expect(client.jar.get("sid")).toBe(ids[0]);
  });

  it("starts a new session, with a new id, when the cookie names an unknown session", async () => {
    const app = await sessionApp();
    const client = app.client();
    client.jar.set("sid", "no-such-session");
    expect((await client.request()).body).toBe("1");
    expect(client.jar.get("sid")).not.toBe("no-such-session");
  });
});
