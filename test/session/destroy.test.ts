import { describe, expect, it, vi } from "vitest";
import type { Options, Session } from "../../src/index.js";
import { type SessionApp, type SessionHandler, sessionApp } from "../helpers/app.js";
import { requestWith } from "../helpers/fetch.js";
import { expectExpiredCookie, sessionCookieOf } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

describe.each([true, false])("destroy() with autoCommit: %s", (autoCommit) => {
  async function loggedInThenLogout() {
    const store = testStore();
    const app = await sessionApp({ store, autoCommit }, async (session, req, res) => {
      if (req.url === "/logout") {
        await session.destroy();
        const stillOnRequest = (req as typeof req & { session?: Session }).session !== undefined;
        res.end(stillOnRequest ? "still there" : "gone");
        return;
      }
      session.user ??= "ada";
      if (!autoCommit) await session.commit();
      res.end(String(session.user));
    });
    const client = app.client();
    await client.request("/login");
    const id = client.jar.get("sid");
    const logout = await client.request("/logout");
    return { store, client, id, logout };
  }

  it("removes the session from the store", async () => {
    const { store, id } = await loggedInThenLogout();
    expect(store.callsTo("destroy").map((call) => call.sid)).toEqual([id]);
    expect(store.memory.store.has(id ?? "")).toBe(false);
  });

  it("sends an expired cookie and removes req.session", async () => {
    const { logout, client } = await loggedInThenLogout();
    expect(logout.body).toBe("gone");
    expect(logout.setCookies).toHaveLength(1);
    expectExpiredCookie(logout);
    expect(client.jar.has("sid")).toBe(false);
  });

  it("does not save the destroyed session again", async () => {
    const { store } = await loggedInThenLogout();
    const lastDestroy = store.calls.findLastIndex((call) => call.method === "destroy");
    expect(store.calls.slice(lastDestroy + 1).filter((call) => call.method !== "get")).toEqual([]);
  });
});

/**
 * Serves "/" as a login (`session.user = "ada"`, committed when autoCommit is off) and
 * `path` with `onPath`; logs one client in, then requests `path` with its cookie.
 */
async function afterLogin(
  path: string,
  onPath: (...args: [...Parameters<SessionHandler>, app: SessionApp]) => unknown,
  options: Options = {},
) {
  const store = testStore();
  const app: SessionApp = await sessionApp({ store, ...options }, async (session, req, res) => {
    if (req.url === path) {
      await onPath(session, req, res, app);
      return;
    }
    session.user = "ada";
    if (options.autoCommit === false) await session.commit();
    res.end();
  });
  const client = app.client();
  await client.request();
  const before = client.jar.get("sid");
  const response = await client.request(path);
  return { store, before, response };
}

describe("destroy() edge cases", () => {
  it("expires the cookie even when the handler does not await destroy()", async () => {
    const { store, response: logout } = await afterLogin("/logout", (session, _req, res) => {
      void session.destroy();
      session.user = "changed after destroy";
      res.end();
    });
    expectExpiredCookie(logout);
    expect(store.callsTo("set")).toHaveLength(1);
  });

  it("makes commit() after destroy() a no-op instead of bringing the record back", async () => {
    const { store, response: logout } = await afterLogin(
      "/logout",
      async (session, _req, res) => {
        await session.destroy();
        await session.commit();
        res.end();
      },
      { autoCommit: false },
    );
    expect(logout.setCookies).toHaveLength(1);
    expect(store.callsTo("set")).toHaveLength(1);
    expect(store.memory.store.size).toBe(0);
  });

  it("lets a new session start in the same response, with one cookie for it", async () => {
    const { before, response } = await afterLogin("/switch", async (session, req, res, app) => {
      await session.destroy();
      const next = await app.getSession(req, res);
      next.user = "grace";
      res.end(next.id === session.id ? "same id" : "new id");
    });
    expect(response.body).toBe("new id");
    expect(response.setCookies).toHaveLength(1);
    const cookie = sessionCookieOf(response);
    expect(cookie.value).not.toBe(before);
    expect(cookie.attributes.expires).toBeUndefined();
  });

  it("sends only the expired cookie when the session started after destroy() stays empty", async () => {
    const { store, response } = await afterLogin("/logout", async (session, req, res, app) => {
      await session.destroy();
      await app.getSession(req, res);
      res.end();
    });
    expect(response.setCookies).toHaveLength(1);
    expectExpiredCookie(response);
    expect(store.callsTo("set")).toHaveLength(1);
  });

  it("leaves req.session alone when the app has put another session there", async () => {
    const { response } = await afterLogin("/logout", async (session, req, res, app) => {
      const other = await app.getSession(requestWith(), new Headers());
      (req as typeof req & { session?: Session }).session = other;
      await session.destroy();
      res.end((req as typeof req & { session?: Session }).session === other ? "kept" : "removed");
    });
    expect(response.body).toBe("kept");
    expectExpiredCookie(response);
  });

  it("reports nothing when the destroyed session holds a field that cannot be serialised", async () => {
    const onError = vi.fn();
    const app = await sessionApp({ onError }, async (session, req, res) => {
      if (req.url === "/logout") {
        const cart = session.cart as Record<string, unknown>;
        cart.self = cart;
        await session.destroy();
      } else {
        session.cart = {};
      }
      res.end();
    });
    const client = app.client();
    await client.request();
    const logout = await client.request("/logout");
    expectExpiredCookie(logout);
    expect(onError).not.toHaveBeenCalled();
  });

  it("rejects with the store's error when removal fails, and reports it to onError", async () => {
    const store = testStore();
    store.inject("destroy", "reject");
    const onError = vi.fn();
    const app = await sessionApp({ store, onError }, async (session, _req, res) => {
      const outcome = await session.destroy().then(
        () => "destroyed",
        (error: Error) => error.message,
      );
      res.end(outcome);
    });
    expect((await app.client().request()).body).toBe("injected destroy rejection");
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        message: "next-session: store.destroy() failed in session.destroy()",
        cause: new Error("injected destroy rejection"),
      }),
      expect.objectContaining({ url: "/" }),
    );
  });
});
