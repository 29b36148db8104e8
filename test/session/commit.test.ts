import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import { sessionApp } from "../helpers/app.js";
import { serve } from "../helpers/server.js";
import { cookieNames } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

describe("commit() with autoCommit: false", () => {
  it("leaves res.writeHead and res.end exactly as they were", async () => {
    const getSession = nextSession({ autoCommit: false });
    let untouched = false;
    const server = await serve(async (req, res: ServerResponse) => {
      const { writeHead, end } = res;
      await getSession(req, res);
      untouched = res.writeHead === writeHead && res.end === end;
      res.end();
    });
    await fetch(server.url);
    expect(untouched).toBe(true);
  });

  it("saves nothing and sets no cookie unless commit() is called", async () => {
    const store = testStore();
    const app = await sessionApp({ store, autoCommit: false });
    const response = await app.client().request();
    expect(response.setCookies).toEqual([]);
    expect(store.callsTo("set")).toEqual([]);
  });

  it("sets the cookie and saves when commit() is called before the response", async () => {
    const store = testStore();
    const app = await sessionApp({ store, autoCommit: false }, async (session, _req, res) => {
      session.views = (session.views ?? 0) + 1;
      await session.commit();
      res.end(String(session.views));
    });
    const client = app.client();
    const first = await client.request();
    expect(first.setCookies).toHaveLength(1);
    expect((await client.request()).body).toBe("2");
    expect(store.callsTo("set")).toHaveLength(2);
  });

  it("still saves when the headers are already sent, without touching them", async () => {
    const store = testStore();
    const app = await sessionApp({ store, autoCommit: false }, async (session, _req, res) => {
      res.writeHead(200);
      res.write("streaming");
      session.views = 1;
      await session.commit();
      res.end();
    });
    const response = await app.client().request();
    expect(response.setCookies).toEqual([]);
    expect(store.callsTo("set")).toHaveLength(1);
  });

  it("rejects with the store's error when saving fails", async () => {
    const store = testStore();
    store.inject("set", "reject");
    const app = await sessionApp({ store, autoCommit: false }, async (session, _req, res) => {
      session.views = 1;
      const outcome = await session.commit().then(
        () => "saved",
        (error: Error) => error.message,
      );
      res.end(outcome);
    });
    expect((await app.client().request()).body).toBe("injected set rejection");
  });

  it("sends one session cookie when commit() is called twice", async () => {
    const app = await sessionApp({ autoCommit: false }, async (session, _req, res) => {
      session.views = 1;
      await session.commit();
      session.views = 2;
      await session.commit();
      res.end();
    });
    const response = await app.client().request();
    expect(cookieNames(response)).toEqual(["sid"]);
  });
});
