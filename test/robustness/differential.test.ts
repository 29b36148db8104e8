/**
 * Differential tests: the same requests against next-session 4.0.5 (the `next-session-ref`
 * dev dependency) and against ours, comparing what a user can observe. Where 4.0.5 has a
 * bug, the test pins the bug in the reference and the fix in ours, and says which.
 */
import reference from "next-session-ref";
import { describe, expect, it } from "vitest";
import { nextSession, type Options } from "../../src/index.js";
import { exchange } from "../helpers/exchange.js";
import { routes } from "../helpers/routes.js";
import { serve } from "../helpers/server.js";
import { cookieNames } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";
import { type Factory, type ScenarioHandler, transcript } from "../helpers/transcript.js";

const ours = nextSession as Factory;
const ref = reference as unknown as Factory;

async function both(options: Options, handler: ScenarioHandler, paths: string[], extra = {}) {
  return {
    ours: await transcript(ours, options, handler, paths, extra),
    ref: await transcript(ref, options, handler, paths, extra),
  };
}

describe("ours and next-session 4.0.5 agree", () => {
  it.each<[string, Options, string[]]>([
    ["views counter", {}, ["/", "/", "/"]],
    ["read-only visit of a new session", {}, ["/read", "/read"]],
    ["read-only visit of an existing session", {}, ["/", "/read", "/read"]],
    ["login redirect, nested change", {}, ["/login", "/nested", "/nested", "/read"]],
    ["logout", {}, ["/", "/logout", "/read"]],
    ["touch with maxAge", { cookie: { maxAge: 3600 } }, ["/", "/touch", "/read"]],
    ["touchAfter 0", { touchAfter: 0, cookie: { maxAge: 600 } }, ["/", "/read", "/read"]],
    ["touchAfter far away", { touchAfter: 3600, cookie: { maxAge: 600 } }, ["/", "/read", "/"]],
    ["autoCommit: false with commit()", { autoCommit: false }, ["/commit", "/commit", "/read"]],
    ["autoCommit: false logout", { autoCommit: false }, ["/commit", "/logout", "/read"]],
    ["existing Set-Cookie kept", {}, ["/keep-cookies", "/keep-cookies"]],
    ["streamed body", {}, ["/stream", "/stream"]],
    ["cookie name", { name: "app.sid" }, ["/", "/"]],
    ["path and domain", { cookie: { path: "/app", domain: "localhost" } }, ["/"]],
    ["secure, httpOnly off", { cookie: { secure: true, httpOnly: false } }, ["/"]],
    ["sameSite lax", { cookie: { sameSite: "lax" } }, ["/"]],
    ["sameSite strict", { cookie: { sameSite: "strict" } }, ["/"]],
    ["sameSite none", { cookie: { sameSite: "none", secure: true } }, ["/"]],
    ["sameSite true", { cookie: { sameSite: true } }, ["/"]],
    ["maxAge", { cookie: { maxAge: 86_400 } }, ["/", "/"]],
    [
      "encode and decode",
      {
        encode: (id: string) => `x.${id}`,
        decode: (raw: string) => (raw.startsWith("x.") ? raw.slice(2) : null),
      },
      ["/", "/", "/read"],
    ],
  ])("%s", async (_, options, paths) => {
    const { ours: mine, ref: theirs } = await both(options, routes, paths);
    expect(mine).toEqual(theirs);
  });

  it("a quoted cookie value names the session inside the quotes", async () => {
    const handler: ScenarioHandler = (session, req, res) => {
      if (req.url === "/login") session.user = "ada";
      res.end(`${session.user ?? "nobody"}:${session.id}`);
    };
    const outcome = async (factory: Factory) => {
      const getSession = factory({ store: testStore() });
      const server = await serve(async (req, res) =>
        handler(await getSession(req, res), req, res, getSession),
      );
      const login = await (await fetch(`${server.url}/login`)).text();
      const id = login.slice("ada:".length);
      const quoted = await fetch(server.url, { headers: { cookie: `sid="${id}"` } });
      return (await quoted.text()) === login;
    };
    expect({ ours: await outcome(ours), ref: await outcome(ref) }).toEqual({
      ours: true,
      ref: true,
    });
  });

  it("custom genid", async () => {
    const genid = () => "fixed-id";
    const { ours: mine, ref: theirs } = await both({ genid }, routes, ["/", "/"]);
    expect(mine).toEqual(theirs);
  });
});

/** Each case: what 4.0.5 does (a bug), and what ours does instead. */
describe("where 4.0.5 has a bug, ours does the right thing", () => {
  it("a touched session is saved with set when the store has no touch (4.0.5 keeps the old expiry)", async () => {
    const options = { touchAfter: 0, cookie: { maxAge: 600 } };
    const { ours: mine, ref: theirs } = await both(options, routes, ["/", "/read"], {
      storeHasTouch: false,
    });
    expect(theirs[1]?.store).toEqual(["get #1"]);
    expect(mine[1]?.store).toEqual(["get #1", "set #1"]);
    expect(mine[1]?.cookies).toEqual(theirs[1]?.cookies);
  });

  it("commit() under autoCommit sends one cookie and saves once (4.0.5: two cookies, two saves)", async () => {
    const { ours: mine, ref: theirs } = await both({}, routes, ["/commit"]);
    expect(theirs[0]?.cookies).toHaveLength(2);
    expect(theirs[0]?.store).toEqual(["set #1", "set #1"]);
    expect(mine[0]?.cookies).toEqual([theirs[0]?.cookies[0]]);
    expect(mine[0]?.store).toEqual(["set #1"]);
  });

  it("a nested field called cookie is saved when it changes (4.0.5 ignores it)", async () => {
    const handler: ScenarioHandler = (session, _req, res) => {
      session.prefs ??= { cookie: 0 };
      session.prefs.cookie += 1;
      res.end(String(session.prefs.cookie));
    };
    const { ours: mine, ref: theirs } = await both({}, handler, ["/", "/", "/"]);
    expect(theirs.map((step) => step.body)).toEqual(["1", "2", "2"]);
    expect(mine.map((step) => step.body)).toEqual(["1", "2", "3"]);
  });

  it("Set-Cookie passed to writeHead keeps the session cookie (4.0.5 drops it)", async () => {
    const handler: ScenarioHandler = (session, _req, res) => {
      session.user = "ada";
      res.writeHead(200, { "Set-Cookie": "theme=dark" }).end();
    };
    const { ours: mine, ref: theirs } = await both({}, handler, ["/"]);
    expect(theirs[0]?.cookies).toEqual(["theme=dark"]);
    expect(mine[0]?.cookies).toEqual(["theme=dark", "sid=#1; path=/; httponly"]);
  });

  it("res.end returns the response (4.0.5 returns undefined)", async () => {
    const returned: Record<string, unknown> = {};
    for (const [name, factory] of [
      ["ours", ours],
      ["ref", ref],
    ] as const) {
      await transcript(
        factory,
        {},
        (session, _req, res) => {
          session.views = 1;
          returned[name] = res.end() === res;
        },
        ["/"],
      );
    }
    expect(returned).toEqual({ ours: true, ref: false });
  });

  it("res.end called twice saves once (4.0.5 saves twice)", async () => {
    const handler: ScenarioHandler = (session, _req, res) => {
      session.views = 1;
      res.end("once");
      res.end();
    };
    const { ours: mine, ref: theirs } = await both({}, handler, ["/"]);
    expect(theirs[0]?.store).toEqual(["set #1", "set #1"]);
    expect(mine[0]?.store).toEqual(["set #1"]);
    expect(mine[0]?.body).toBe("once");
  });

  it("commit() after destroy() does not bring the record back (4.0.5 saves it again)", async () => {
    const handler: ScenarioHandler = async (session, req, res) => {
      if (req.url === "/logout") await session.destroy();
      else session.user = "ada";
      await session.commit();
      res.end();
    };
    const { ours: mine, ref: theirs } = await both({ autoCommit: false }, handler, [
      "/",
      "/logout",
    ]);
    expect(theirs[1]?.store).toEqual(["get #1", "destroy #1", "set #1"]);
    expect(theirs[1]?.cookies).toHaveLength(2);
    expect(mine[1]?.store).toEqual(["get #1", "destroy #1"]);
    expect(mine[1]?.cookies).toEqual(["sid=#1; path=/; expires=epoch; httponly"]);
  });

  it("touch() without maxAge sends no invalid date (4.0.5 sends Expires=Invalid Date)", async () => {
    const { ours: mine, ref: theirs } = await both({}, routes, ["/", "/touch"]);
    expect(theirs[1]?.cookies[0]).toContain("Invalid Date");
    expect(mine[1]?.cookies).toEqual(["sid=#1; path=/; httponly"]);
  });

  it("a decode that throws starts a new session (4.0.5 fails the request)", async () => {
    const decode = (raw: string) => {
      if (raw.length > 0) throw new Error("cannot decrypt");
      return raw;
    };
    const { ours: mine, ref: theirs } = await both({ decode }, routes, ["/", "/"]);
    expect(theirs[1]?.status).toBe(500);
    expect(mine.map((step) => [step.status, step.body])).toEqual([
      [200, "1"],
      [200, "1"],
    ]);
  });

  it("a new session touched but never filled stores nothing (4.0.5 stores an empty session)", async () => {
    const handler: ScenarioHandler = (session, _req, res) => {
      session.touch();
      res.end();
    };
    const { ours: mine, ref: theirs } = await both({ cookie: { maxAge: 60 } }, handler, ["/"]);
    expect(theirs[0]?.store).toEqual(["touch #1"]);
    expect(mine[0]?.store).toEqual([]);
    expect(mine[0]?.cookies).toEqual([]);
  });

  it("a rejected store.get names the failed call, with the store's error as cause (4.0.5 passes the bare error on)", async () => {
    const store = testStore();
    const outcome = (factory: Factory) => {
      store.inject("get", "reject");
      const { req, res } = exchange({ cookie: "sid=abc" });
      return factory({ store })(req, res).catch((error: unknown) => error);
    };
    const failure = new Error("injected get rejection");
    expect(await outcome(ref)).toEqual(failure);
    expect(await outcome(ours)).toEqual(
      expect.objectContaining({
        message: "next-session: store.get() failed while loading the session",
        cause: failure,
      }),
    );
  });

  it("two session cookies with different values mean no session (4.0.5 takes the first, which may be one a sibling site planted)", async () => {
    const user = async (factory: Factory) => {
      const getSession = factory({ store: testStore() });
      const server = await serve(async (req, res) => {
        const session = await getSession(req, res);
        if (req.url === "/login") session.user = String(req.headers["x-user"]);
        res.end(`${session.user ?? "nobody"}:${session.id}`);
      });
      const login = async (name: string) => {
        const body = await (
          await fetch(`${server.url}/login`, { headers: { "x-user": name } })
        ).text();
        return body.slice(name.length + 1);
      };
      const mallory = await login("mallory");
      const ada = await login("ada");
      const both = await fetch(server.url, { headers: { cookie: `sid=${mallory}; sid=${ada}` } });
      return (await both.text()).split(":")[0];
    };
    expect(await user(ref)).toBe("mallory");
    expect(await user(ours)).toBe("nobody");
  });

  it("a second nextSession() instance on the same request gets its own session (4.0.5 returns the first one's, ignoring its name, secret and store)", async () => {
    const staffCookies = async (factory: Factory) => {
      const getPublic = factory({ store: testStore() });
      const getStaff = factory({ name: "staff", encode: (id) => `x.${id}`, store: testStore() });
      const server = await serve(async (req, res) => {
        await getPublic(req, res);
        const staff = await getStaff(req, res);
        staff.user = "bob";
        res.end();
      });
      const response = await fetch(server.url);
      return cookieNames(response);
    };
    expect(await staffCookies(ref)).toEqual(["sid"]);
    expect(await staffCookies(ours)).toEqual(["staff"]);
  });

  it("an id over 1024 characters is not looked up (4.0.5 asks the store for any length)", async () => {
    const lookedUp = (factory: Factory) => {
      const store = testStore();
      const { req, res } = exchange({ cookie: `sid=${"x".repeat(4000)}` });
      return factory({ store })(req, res).then(() => store.callsTo("get").length);
    };
    expect(await lookedUp(ref)).toBe(1);
    expect(await lookedUp(ours)).toBe(0);
  });
});

describe("lib/compat: where 4.0.5 has a bug, ours does the right thing", () => {
  type CallbackGet = (
    sid: string,
    callback: (error: Error | null, value?: unknown) => void,
  ) => void;
  interface CallbackMemory {
    get: CallbackGet;
    set(sid: string, sess: unknown, callback: (error: Error | null) => void): void;
  }

  async function readExpired(MemoryStore: new () => CallbackMemory) {
    const store = new MemoryStore();
    const expired = { cookie: { path: "/", maxAge: 1, expires: new Date(Date.now() - 1000) } };
    await new Promise<void>((resolve) => store.set("a", expired, () => resolve()));
    return new Promise<{ error: string | undefined; value: unknown }>((resolve) =>
      store.get("a", (error, value) => resolve({ error: error?.message, value })),
    );
  }

  it("expressSession.MemoryStore answers null for an expired session (4.0.5 fails with a TypeError)", async () => {
    const { expressSession: refCompat } = await import("next-session-ref/lib/compat");
    const { expressSession: ourCompat } = await import("../../src/stores/compat.js");
    const theirs = await readExpired(refCompat.MemoryStore as unknown as new () => CallbackMemory);
    const mine = await readExpired(ourCompat.MemoryStore as unknown as new () => CallbackMemory);
    expect(theirs.error).toMatch(/must be of type function/);
    expect(mine).toEqual({ error: undefined, value: null });
  });

  it("expressSession.MemoryStore has touch, so touched sessions are touched, not lost", async () => {
    const { expressSession: refCompat } = await import("next-session-ref/lib/compat");
    const { expressSession: ourCompat } = await import("../../src/stores/compat.js");
    const RefMemoryStore = refCompat.MemoryStore as unknown as new () => CallbackMemory;
    expect("touch" in new RefMemoryStore()).toBe(false);
    expect(typeof new ourCompat.MemoryStore().touch).toBe("function");
  });
});
