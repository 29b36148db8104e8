import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { nextSession } from "../../src/index.js";
import type { Session } from "../../src/types.js";
import { CookieClient } from "../helpers/client.js";
import { serve } from "../helpers/server.js";
import { type Fault, type StoreMethod, testStore } from "../helpers/stores.js";

// Any unhandled rejection fails the suite, even one that the test itself did not await.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  vi.restoreAllMocks();
  // Unhandled rejections are reported once the microtask queue drains.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
});

/** What the route does with the session after the store call under test has been armed. */
type Route = "write" | "touch" | "destroy" | "regenerate";

/** A server whose routes use the session as `Route` says, a client for it, and its store. */
async function rig() {
  const store = testStore();
  const reported: Error[] = [];
  const getSession = nextSession({
    store,
    touchAfter: 0,
    cookie: { maxAge: 3600 },
    onError: (error) => reported.push(error),
  });
  const server = await serve(async (req, res) => {
    const session: Session = await getSession(req, res);
    const route = req.url?.slice(1) as Route | "";
    if (route === "write") session.n = ((session.n as number | undefined) ?? 0) + 1;
    // Deliberately not awaited: the response must still wait for them and report failures.
    if (route === "destroy") void session.destroy();
    if (route === "regenerate") void session.regenerate();
    res.end(String(session.n ?? 0));
  });
  return { client: new CookieClient(server.url), store, reported };
}

/** Faults that happen while the response ends: the hook must see them. */
const responseFaults: [StoreMethod, Fault, Route, string][] = [
  ["set", "reject", "write", "store.set() failed while ending the response"],
  ["set", "throw", "write", "store.set() failed while ending the response"],
  ["touch", "reject", "touch", "store.touch() failed while ending the response"],
  ["touch", "throw", "touch", "store.touch() failed while ending the response"],
  ["destroy", "reject", "destroy", "store.destroy() failed in session.destroy()"],
  ["destroy", "throw", "destroy", "store.destroy() failed in session.destroy()"],
  ["destroy", "reject", "regenerate", "store.destroy() failed in session.regenerate()"],
  ["destroy", "throw", "regenerate", "store.destroy() failed in session.regenerate()"],
];

describe("fault injection", () => {
  it.each(responseFaults)(
    "store.%s %s during /%s: the response completes and onError gets it",
    async (method, fault, route, message) => {
      const { client, store, reported } = await rig();
      await client.request("/write");
      store.inject(method, fault);
      const response = await client.request(`/${route}`);
      expect(response.status).toBe(200);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({
        message: `next-session: ${message}`,
        cause: expect.objectContaining({
          message: `injected ${method} ${fault === "throw" ? "throw" : "rejection"}`,
        }),
      });
      // The next request works.
      const next = await client.request("/write");
      expect(next.status).toBe(200);
      expect(reported).toHaveLength(1);
    },
  );

  it.each(["reject", "throw"] as const)(
    "store.get %s: getSession rejects with the store's error as cause, then recovers",
    async (fault) => {
      const store = testStore();
      const getSession = nextSession({ store });
      const errors: unknown[] = [];
      const server = await serve(async (req, res) => {
        try {
          const session = await getSession(req, res);
          session.n = 1;
          res.end("ok");
        } catch (error) {
          errors.push(error);
          res.statusCode = 503;
          res.end();
        }
      });
      const client = new CookieClient(server.url);
      await client.request();
      store.inject("get", fault);
      expect((await client.request()).status).toBe(503);
      expect(errors).toHaveLength(1);
      const error = errors[0] as Error;
      expect(error.message).toBe("next-session: store.get() failed while loading the session");
      expect((error.cause as Error).message).toMatch(/^injected get (rejection|throw)$/);
      expect((await client.request()).status).toBe(200);
    },
  );

  it.each<[StoreMethod, Route]>([
    ["get", "write"],
    ["set", "write"],
    ["touch", "touch"],
    ["destroy", "destroy"],
  ])("store.%s answering late: /%s waits for it and loses nothing", async (method, route) => {
    const { client, store, reported } = await rig();
    await client.request("/write");
    store.inject(method, "late");
    const late = await client.request(`/${route}`);
    expect(late.status).toBe(200);
    const next = await client.request("/write");
    expect(next.body).toBe(route === "write" ? "3" : route === "destroy" ? "1" : "2");
    expect(reported).toEqual([]);
  });

  it("store.get answering a non-object: a fresh session", async () => {
    const { client, store } = await rig();
    await client.request("/write");
    const before = client.jar.get("sid");
    store.inject("get", "non-object");
    const next = await client.request("/write");
    expect(next.body).toBe("1");
    expect(client.jar.get("sid")).not.toBe(before);
  });

  it("commit() and destroy() called by the user reject with the store's error", async () => {
    const store = testStore();
    const getSession = nextSession({ store, autoCommit: false });
    const outcomes: unknown[] = [];
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1;
      store.inject("set", "reject");
      outcomes.push(await session.commit().catch((error: unknown) => error));
      store.inject("destroy", "throw");
      outcomes.push(await session.destroy().catch((error: unknown) => error));
      res.end();
    });
    expect((await fetch(server.url)).status).toBe(200);
    expect(outcomes).toEqual([
      new Error("injected set rejection"),
      new Error("injected destroy throw"),
    ]);
  });

  it("an onError hook that throws is logged, not turned into a crash", async () => {
    const store = testStore();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const hookError = new Error("hook broke");
    const getSession = nextSession({
      store,
      onError: () => {
        throw hookError;
      },
    });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1;
      res.end("ok");
    });
    store.inject("set", "reject");
    expect(await (await fetch(server.url)).text()).toBe("ok");
    expect(log).toHaveBeenCalledWith(
      "next-session: the onError hook threw while handling",
      expect.objectContaining({
        message: "next-session: store.set() failed while ending the response",
      }),
      hookError,
    );
  });

  it("an async onError hook that rejects is logged, not left an unhandled rejection", async () => {
    const store = testStore();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const hookError = new Error("async hook broke");
    const getSession = nextSession({
      store,
      onError: async () => {
        throw hookError;
      },
    });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1;
      res.end("ok");
    });
    store.inject("set", "reject");
    expect(await (await fetch(server.url)).text()).toBe("ok");
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toHaveBeenCalledWith(
      "next-session: the onError hook threw while handling",
      expect.objectContaining({
        message: "next-session: store.set() failed while ending the response",
      }),
      hookError,
    );
  });

  it("by default a failure is logged as a warning", async () => {
    const store = testStore();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const getSession = nextSession({ store });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1n;
      res.end("ok");
    });
    expect(await (await fetch(server.url)).text()).toBe("ok");
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        message: "next-session: store.set() failed while ending the response",
        cause: expect.any(TypeError),
      }),
    );
  });
});
