import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countViews, readOnly, sessionApp } from "../helpers/app.js";
import { expiresOf, sessionCookieOf } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

const START = new Date("2030-01-01T00:00:00Z").getTime();

beforeEach(() => {
  // Only Date is faked: the HTTP servers and sockets keep their real timers.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("touchAfter", () => {
  async function visitThenReturn(touchAfter: number, waitSeconds: number, withTouch = true) {
    const store = testStore({ touch: withTouch });
    let mode: "count" | "read" = "count";
    const app = await sessionApp({ store, touchAfter, cookie: { maxAge: 3600 } }, (s, req, res) =>
      mode === "count" ? countViews(s, req, res) : readOnly(s, req, res),
    );
    const client = app.client();
    await client.request();
    mode = "read";
    vi.setSystemTime(START + waitSeconds * 1000);
    store.calls.length = 0;
    const response = await client.request();
    return { store, response };
  }

  it("touches a returning session once touchAfter has passed: new Expires, store.touch", async () => {
    const { store, response } = await visitThenReturn(60, 61);
    expect(response.setCookies).toHaveLength(1);
    expect(expiresOf(response)).toBe(Math.floor((START + 61_000 + 3600_000) / 1000) * 1000);
    expect(store.calls.map((call) => call.method)).toEqual(["get", "touch"]);
    expect(JSON.parse(store.callsTo("touch")[0]?.session ?? "").cookie.expires).toBe(
      new Date(START + 61_000 + 3600_000).toISOString(),
    );
  });

  it("does not touch before touchAfter has passed", async () => {
    const { store, response } = await visitThenReturn(60, 30);
    expect(response.setCookies).toEqual([]);
    expect(store.calls.map((call) => call.method)).toEqual(["get"]);
  });

  it("never touches with the default touchAfter of -1", async () => {
    const { store, response } = await visitThenReturn(-1, 3000);
    expect(response.setCookies).toEqual([]);
    expect(store.calls.map((call) => call.method)).toEqual(["get"]);
  });

  it("saves the new expiry with set when the store has no touch (4.0.5 lost it)", async () => {
    const { store, response } = await visitThenReturn(60, 61, false);
    expect(response.setCookies).toHaveLength(1);
    expect(store.calls.map((call) => call.method)).toEqual(["get", "set"]);
  });

  it("saves in full, not touch, when the session also changed", async () => {
    const store = testStore();
    const app = await sessionApp({ store, touchAfter: 0, cookie: { maxAge: 3600 } });
    const client = app.client();
    await client.request();
    vi.setSystemTime(START + 1000);
    store.calls.length = 0;
    expect((await client.request()).body).toBe("2");
    expect(store.calls.map((call) => call.method)).toEqual(["get", "set"]);
  });
});

describe("touch()", () => {
  it("extends the expiry by maxAge from the time of the request", async () => {
    const store = testStore();
    let mode: "count" | "touch" = "count";
    const app = await sessionApp({ store, cookie: { maxAge: 100 } }, (session, req, res) => {
      if (mode === "count") return countViews(session, req, res);
      session.touch();
      res.end();
    });
    const client = app.client();
    await client.request();
    mode = "touch";
    vi.setSystemTime(START + 50_000);
    const response = await client.request();
    expect(expiresOf(response)).toBe(START + 150_000);
    expect(store.callsTo("touch")).toHaveLength(1);
  });

  it("without maxAge keeps a browser-session cookie instead of an invalid date", async () => {
    const store = testStore();
    let mode: "count" | "touch" = "count";
    const app = await sessionApp({ store }, (session, req, res) => {
      if (mode === "count") return countViews(session, req, res);
      session.touch();
      res.end(String(session.cookie.expires));
    });
    const client = app.client();
    await client.request();
    mode = "touch";
    const response = await client.request();
    expect(response.status).toBe(200);
    expect(response.body).toBe("undefined");
    expect(sessionCookieOf(response).attributes.expires).toBeUndefined();
    expect(store.callsTo("touch")).toHaveLength(1);
  });

  it("with autoCommit: false, needs commit() to reach the store", async () => {
    const store = testStore();
    const app = await sessionApp(
      { store, autoCommit: false, cookie: { maxAge: 100 } },
      async (session, req, res) => {
        if (req.url === "/") session.views = 1;
        else session.touch();
        if (req.url !== "/touch-only") await session.commit();
        res.end();
      },
    );
    const client = app.client();
    await client.request();
    vi.setSystemTime(START + 50_000);
    store.calls.length = 0;
    const uncommitted = await client.request("/touch-only");
    expect(uncommitted.setCookies).toEqual([]);
    expect(store.calls.map((call) => call.method)).toEqual(["get"]);
    store.calls.length = 0;
    const committed = await client.request("/touch");
    expect(expiresOf(committed)).toBe(START + 150_000);
    expect(store.calls.map((call) => call.method)).toEqual(["get", "set"]);
  });
});
