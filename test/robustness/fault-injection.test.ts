import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { nextSession } from "../../src/index.js";
import type { Session } from "../../src/types.js";
import { type Fault, faultStore, type StoreMethod } from "../helpers/fault-store.js";
import { startServer } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

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
  // Unhandled rejections are reported once the microtask queue drains.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
});

/** What the route does with the session after the store call under test has been armed. */
type Route = "write" | "touch" | "destroy" | "regenerate";

interface Rig {
  url: string;
  store: ReturnType<typeof faultStore>;
  reported: Error[];
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const store = faultStore();
  const reported: Error[] = [];
  const getSession = nextSession({
    store,
    touchAfter: 0,
    cookie: { maxAge: 3600 },
    onError: (error) => reported.push(error),
  });
  const server = await startServer(async (req, res) => {
    const session: Session = await getSession(req, res);
    const route = req.url?.slice(1) as Route | "";
    if (route === "write") session.n = ((session.n as number | undefined) ?? 0) + 1;
    // Deliberately not awaited: the response must still wait for them and report failures.
    if (route === "destroy") void session.destroy();
    if (route === "regenerate") void session.regenerate();
    res.end(String(session.n ?? 0));
  });
  return { url: server.url, store, reported, close: () => server.close() };
}

async function send(url: string, cookie?: string) {
  const response = await fetch(url, cookie === undefined ? {} : { headers: { cookie } });
  const body = await response.text();
  const [set] = cookiesNamed(response.headers, "sid");
  return { status: response.status, body, cookie: set ? `sid=${set.value}` : cookie };
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
      const { url, store, reported, close } = await rig();
      try {
        const { cookie } = await send(`${url}/write`);
        store.inject(method, fault);
        const response = await send(`${url}/${route}`, cookie);
        expect(response.status).toBe(200);
        expect(reported).toHaveLength(1);
        expect(reported[0]).toMatchObject({
          message: `next-session: ${message}`,
          cause: expect.objectContaining({
            message: `injected ${method} ${fault === "throw" ? "throw" : "rejection"}`,
          }),
        });
        // The next request works.
        const next = await send(`${url}/write`, response.cookie);
        expect(next.status).toBe(200);
        expect(reported).toHaveLength(1);
      } finally {
        await close();
      }
    },
  );

  it.each(["reject", "throw"] as const)(
    "store.get %s: getSession rejects with the store's error as cause, then recovers",
    async (fault) => {
      const store = faultStore();
      const getSession = nextSession({ store });
      const errors: unknown[] = [];
      const server = await startServer(async (req, res) => {
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
      try {
        const { cookie } = await send(server.url);
        store.inject("get", fault);
        expect((await send(server.url, cookie)).status).toBe(503);
        expect(errors).toHaveLength(1);
        const error = errors[0] as Error;
        expect(error.message).toBe("next-session: store.get() failed while loading the session");
        expect((error.cause as Error).message).toMatch(/^injected get (rejection|throw)$/);
        expect((await send(server.url, cookie)).status).toBe(200);
      } finally {
        await server.close();
      }
    },
  );

  it.each<[StoreMethod, Route]>([
    ["get", "write"],
    ["set", "write"],
    ["touch", "touch"],
    ["destroy", "destroy"],
  ])("store.%s answering late: /%s waits for it and loses nothing", async (method, route) => {
    const { url, store, reported, close } = await rig();
    try {
      const first = await send(`${url}/write`);
      store.inject(method, "late");
      const late = await send(`${url}/${route}`, first.cookie);
      expect(late.status).toBe(200);
      const next = await send(`${url}/write`, late.cookie);
      expect(next.body).toBe(route === "write" ? "3" : route === "destroy" ? "1" : "2");
      expect(reported).toEqual([]);
    } finally {
      await close();
    }
  });

  it("store.get answering a non-object: a fresh session", async () => {
    const { url, store, close } = await rig();
    try {
      const first = await send(`${url}/write`);
      store.inject("get", "non-object");
      const next = await send(`${url}/write`, first.cookie);
      expect(next.body).toBe("1");
      expect(next.cookie).not.toBe(first.cookie);
    } finally {
      await close();
    }
  });

  it("commit() and destroy() called by the user reject with the store's error", async () => {
    const store = faultStore();
    const getSession = nextSession({ store, autoCommit: false });
    const outcomes: unknown[] = [];
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1;
      store.inject("set", "reject");
      outcomes.push(await session.commit().catch((error: unknown) => error));
      store.inject("destroy", "throw");
      outcomes.push(await session.destroy().catch((error: unknown) => error));
      res.end();
    });
    try {
      expect((await send(server.url)).status).toBe(200);
      expect(outcomes).toEqual([
        new Error("injected set rejection"),
        new Error("injected destroy throw"),
      ]);
    } finally {
      await server.close();
    }
  });

  it("an onError hook that throws is logged, not turned into a crash", async () => {
    const store = faultStore();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const hookError = new Error("hook broke");
    const getSession = nextSession({
      store,
      onError: () => {
        throw hookError;
      },
    });
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1;
      res.end("ok");
    });
    try {
      store.inject("set", "reject");
      expect((await send(server.url)).body).toBe("ok");
      expect(log).toHaveBeenCalledWith(
        "next-session: the onError hook threw while handling",
        expect.objectContaining({
          message: "next-session: store.set() failed while ending the response",
        }),
        hookError,
      );
    } finally {
      log.mockRestore();
      await server.close();
    }
  });

  it("by default a failure is logged as a warning", async () => {
    const store = faultStore();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const getSession = nextSession({ store });
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      session.n = 1n;
      res.end("ok");
    });
    try {
      expect((await send(server.url)).body).toBe("ok");
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          message: "next-session: store.set() failed while ending the response",
          cause: expect.any(TypeError),
        }),
      );
    } finally {
      warn.mockRestore();
      await server.close();
    }
  });
});
