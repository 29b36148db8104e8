import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import type { Options } from "../../src/types.js";
import { faultStore } from "../helpers/fault-store.js";
import { startServer } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

type Mode = "await" | "no-await";

/** A server whose /login route regenerates the session, the way an app logs a user in. */
async function loginServer(options: Options, mode: Mode = "await") {
  const getSession = nextSession({ cookie: { maxAge: 3600 }, ...options });
  return startServer(async (req, res) => {
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
}

async function get(url: string, cookie?: string) {
  const response = await fetch(url, cookie ? { headers: { cookie } } : {});
  const body = (await response.json()) as {
    id: string;
    user: string | null;
    visits: number | null;
  };
  const cookies = cookiesNamed(response.headers, "sid");
  return { body, cookies };
}

describe("session.regenerate()", () => {
  it.each([
    ["autoCommit on, awaited", { autoCommit: true }, true, "await"],
    ["autoCommit on, not awaited", { autoCommit: true }, true, "no-await"],
    ["autoCommit off", { autoCommit: false }, true, "await"],
    ["a store without touch", { autoCommit: true }, false, "await"],
    ["a store without touch, autoCommit off", { autoCommit: false }, false, "await"],
  ] as const)("moves the data to a new id with %s", async (_, options, touch, mode) => {
    const store = faultStore({ touch });
    const server = await loginServer({ ...options, store }, mode);
    try {
      const first = await get(`${server.url}/visit`);
      const oldCookie = `sid=${first.cookies[0]?.value}`;
      expect(store.memory.store.has(first.body.id)).toBe(true);

      const login = await get(`${server.url}/login`, oldCookie);
      expect(login.cookies).toHaveLength(1);
      const [cookie] = login.cookies;
      expect(cookie?.value).toBe(login.body.id);
      expect(login.body.id).not.toBe(first.body.id);
      expect(store.memory.store.has(first.body.id)).toBe(false);
      expect(store.calls).toContain(`destroy:${first.body.id}`);

      const after = await get(`${server.url}/visit`, `sid=${cookie?.value}`);
      expect(after.body).toEqual({ id: login.body.id, user: "ada", visits: 2 });

      // The planted (pre-login) id is worthless now.
      const planted = await get(`${server.url}/visit`, oldCookie);
      expect(planted.body.user).toBeNull();
      expect(planted.body.id).not.toBe(first.body.id);
    } finally {
      await server.close();
    }
  });

  it("gives a new session a new id without asking the store to delete anything", async () => {
    const store = faultStore();
    const server = await loginServer({ store });
    try {
      const login = await get(`${server.url}/login`);
      expect(login.cookies).toHaveLength(1);
      expect(store.calls.filter((call) => call.startsWith("destroy"))).toEqual([]);
      expect(store.memory.store.has(login.body.id)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("after a commit() still at the store, keeps only the new id", async () => {
    const store = faultStore();
    const getSession = nextSession({ store });
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      session.user = "ada";
      store.inject("set", "late");
      void session.commit();
      void session.regenerate();
      res.end(session.id);
    });
    try {
      const response = await fetch(server.url);
      const id = await response.text();
      const cookies = cookiesNamed(response.headers, "sid");
      expect(cookies.map((cookie) => cookie.value)).toEqual([id]);
      expect([...store.memory.store.keys()]).toEqual([id]);
      expect(JSON.parse(store.memory.store.get(id) ?? "{}")).toMatchObject({ user: "ada" });
    } finally {
      await server.close();
    }
  });

  it("signs the new id when a secret is set", async () => {
    const server = await loginServer({ secret: "s3cret" });
    try {
      const login = await get(`${server.url}/login`);
      expect(login.cookies).toHaveLength(1);
      expect(decodeURIComponent(login.cookies[0]?.value ?? "")).toMatch(
        new RegExp(`^s:${login.body.id}\\.[A-Za-z0-9+/]{43}$`),
      );
    } finally {
      await server.close();
    }
  });

  it("rejects after destroy(), without touching the store", async () => {
    const store = faultStore();
    const getSession = nextSession({ store });
    let outcome: unknown;
    const server = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      await session.destroy();
      outcome = await session.regenerate().catch((error: unknown) => error);
      res.end();
    });
    try {
      await fetch(server.url);
      expect(outcome).toEqual(
        new Error(
          "next-session: regenerate() was called on a destroyed session; call getSession() again for a new session",
        ),
      );
      expect(store.calls.filter((call) => call.startsWith("set"))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
