import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import type { Options } from "../../src/types.js";
import { CookieClient } from "../helpers/client.js";
import { serve } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

type Mode = "await" | "no-await";

/**
 * A server whose /login route regenerates the session, the way an app logs a user in, and a
 * client for it.
 */
async function loginServer(options: Options, mode: Mode = "await") {
  const getSession = nextSession({ cookie: { maxAge: 3600 }, ...options });
  const server = await serve(async (req, res) => {
    const session = await getSession(req, res);
    if (req.url === "/login") {
      session.user = "ada";
      if (mode === "await") await session.regenerate();
      else void session.regenerate();
      if (!options.autoCommit && options.autoCommit !== undefined) await session.commit();
    } else if (req.url === "/visit") {
      session.visits = ((session.visits as number | undefined) ?? 0) + 1;
      if (options.autoCommit === false) await session.commit();
    }
    res.end(
      JSON.stringify({
        id: session.id,
        user: session.user ?? null,
        visits: session.visits ?? null,
      }),
    );
  });
  return new CookieClient(server.url);
}

/** What the server answered, and the session cookies it set. */
async function get(client: CookieClient, path: string) {
  const response = await client.request(path);
  const body = JSON.parse(response.body) as {
    id: string;
    user: string | null;
    visits: number | null;
  };
  return { body, cookies: cookiesNamed(response, "sid") };
}

describe("session.regenerate()", () => {
  it.each([
    ["autoCommit on, awaited", { autoCommit: true }, true, "await"],
    ["autoCommit on, not awaited", { autoCommit: true }, true, "no-await"],
    ["autoCommit off", { autoCommit: false }, true, "await"],
    ["a store without touch", { autoCommit: true }, false, "await"],
    ["a store without touch, autoCommit off", { autoCommit: false }, false, "await"],
  ] as const)("moves the data to a new id with %s", async (_, options, touch, mode) => {
    const store = testStore({ touch });
    const client = await loginServer({ ...options, store }, mode);
    const first = await get(client, "/visit");
    const oldId = client.jar.get("sid") ?? "";
    expect(store.memory.store.has(first.body.id)).toBe(true);

    const login = await get(client, "/login");
    expect(login.cookies).toHaveLength(1);
    expect(login.cookies[0]?.value).toBe(login.body.id);
    expect(login.body.id).not.toBe(first.body.id);
    expect(store.memory.store.has(first.body.id)).toBe(false);
    expect(store.callsTo("destroy").map((call) => call.sid)).toContain(first.body.id);

    const after = await get(client, "/visit");
    expect(after.body).toEqual({ id: login.body.id, user: "ada", visits: 2 });

    // The planted (pre-login) id is worthless now.
    client.jar.set("sid", oldId);
    const planted = await get(client, "/visit");
    expect(planted.body.user).toBeNull();
    expect(planted.body.id).not.toBe(first.body.id);
  });

  it("gives a new session a new id without asking the store to delete anything", async () => {
    const store = testStore();
    const client = await loginServer({ store });
    const login = await get(client, "/login");
    expect(login.cookies).toHaveLength(1);
    expect(store.callsTo("destroy")).toEqual([]);
    expect(store.memory.store.has(login.body.id)).toBe(true);
  });

  it("after a commit() still at the store, keeps only the new id", async () => {
    const store = testStore();
    const getSession = nextSession({ store });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.user = "ada";
      store.inject("set", "late");
      void session.commit();
      void session.regenerate();
      res.end(session.id);
    });
    const response = await fetch(server.url);
    const id = await response.text();
    expect(cookiesNamed(response, "sid").map((cookie) => cookie.value)).toEqual([id]);
    expect([...store.memory.store.keys()]).toEqual([id]);
    expect(JSON.parse(store.memory.store.get(id) ?? "{}")).toMatchObject({ user: "ada" });
  });

  it("signs the new id when a secret is set", async () => {
    const client = await loginServer({ secret: "s3cret" });
    const login = await get(client, "/login");
    expect(login.cookies).toHaveLength(1);
    expect(decodeURIComponent(login.cookies[0]?.value ?? "")).toMatch(
      new RegExp(`^s:${login.body.id}\\.[A-Za-z0-9+/]{43}$`),
    );
  });

  it("rejects after destroy(), without touching the store", async () => {
    const store = testStore();
    const getSession = nextSession({ store });
    let outcome: unknown;
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      await session.destroy();
      outcome = await session.regenerate().catch((error: unknown) => error);
      res.end();
    });
    await fetch(server.url);
    expect(outcome).toEqual(
      new Error(
        "next-session: regenerate() was called on a destroyed session; call getSession() again for a new session",
      ),
    );
    expect(store.callsTo("set")).toEqual([]);
  });
});
