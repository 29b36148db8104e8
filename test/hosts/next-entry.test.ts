import { beforeEach, describe, expect, it, vi } from "vitest";
import { nextSession, type SessionCookieStore } from "../../src/index.js";

/**
 * `next-session/next` against stand-ins for the two Next.js functions it calls (this
 * repository does not install Next.js at its root). The e2e suite runs it in real apps.
 */
const next = vi.hoisted(() => ({
  calls: [] as string[],
  connection: undefined as (() => Promise<void>) | undefined,
  cookies: undefined as (() => Promise<SessionCookieStore>) | undefined,
}));
vi.mock("next/server.js", () => ({ connection: () => next.connection?.() }));
vi.mock("next/headers.js", () => ({ cookies: () => next.cookies?.() }));

const { appSession } = await import("../../src/next.js");

/** The request's cookies and the ones set on the response, as Next.js's cookies() keeps them. */
function cookieJar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const store: SessionCookieStore = {
    get: (name) => (values.has(name) ? { value: values.get(name) as string } : undefined),
    set: (name, value) => values.set(name, value),
  };
  return { values, store };
}

describe("appSession (next-session/next)", () => {
  beforeEach(() => {
    next.calls = [];
  });

  it("waits for connection() before it reads cookies() and loads the session", async () => {
    const jar = cookieJar();
    next.connection = async () => {
      next.calls.push("connection");
    };
    next.cookies = async () => {
      next.calls.push("cookies");
      return jar.store;
    };
    const getSession = nextSession<{ user?: string }>({ name: "app-entry-sid" });
    const session = await appSession(getSession);
    session.user = "ada";
    await session.commit();
    expect(next.calls).toEqual(["connection", "cookies"]);
    expect(jar.values.get("app-entry-sid")).toBe(session.id);

    // The next request brings the cookie back in its own cookies().
    const nextRequest = cookieJar({ "app-entry-sid": session.id });
    next.cookies = async () => nextRequest.store;
    const again = await appSession(getSession);
    expect(again.id).toBe(session.id);
    expect(again.user).toBe("ada");
  });

  it("rejects with connection()'s error, before reading cookies or the store", async () => {
    const refused = new Error("connection() inside 'use cache'");
    next.connection = () => Promise.reject(refused);
    next.cookies = async () => {
      next.calls.push("cookies");
      return cookieJar().store;
    };
    await expect(appSession(nextSession())).rejects.toBe(refused);
    expect(next.calls).toEqual([]);
  });
});
