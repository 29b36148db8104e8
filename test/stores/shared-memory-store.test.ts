import { describe, expect, it, vi } from "vitest";
import type { GetSession } from "../../src/index.js";
import { MemoryStore } from "../../src/stores/memory-store.js";
import { sharedMemoryStore } from "../../src/stores/shared-memory-store.js";
import { CookieClient } from "../helpers/client.js";
import { serve } from "../helpers/server.js";

// Literal specifiers: the module loader only follows dynamic imports that it can read.
const FIXTURES = {
  shared: () => import("../fixtures/dev-reload/get-session-shared.js"),
  default: () => import("../fixtures/dev-reload/get-session-default.js"),
};

type Fixture = keyof typeof FIXTURES;

/**
 * Evaluates the fixture again, with every module it imports (this library's too), as
 * `next dev` does after an edit.
 */
async function reload(
  fixture: Fixture,
): Promise<{ getSession: GetSession; MemoryStore?: unknown }> {
  vi.resetModules();
  return FIXTURES[fixture]();
}

/** One server whose handler always uses the latest `getSession`, counting views. */
async function devServer(fixture: Fixture) {
  let loaded = await reload(fixture);
  const server = await serve(async (req, res) => {
    const session = await loaded.getSession(req, res);
    session.views = ((session.views as number | undefined) ?? 0) + 1;
    res.end(String(session.views));
  });
  const client = new CookieClient(server.url);
  return {
    /** Reloads the fixture; returns its exports before and after. */
    async reload() {
      const before = loaded;
      loaded = await reload(fixture);
      return { before, after: loaded };
    },
    async views(): Promise<number> {
      return Number((await client.request()).body);
    },
  };
}

describe("sharedMemoryStore across module reloads (next dev)", () => {
  it("keeps sessions when the module that creates getSession is evaluated again", async () => {
    const app = await devServer("shared");
    expect(await app.views()).toBe(1);
    expect(await app.views()).toBe(2);
    const { before, after } = await app.reload();
    // The library itself was evaluated again: a module-level store could not survive this.
    expect(after.MemoryStore).not.toBe(before.MemoryStore);
    expect(await app.views()).toBe(3);
  });

  it("keeps them with the default store too (next-session 4 lost them)", async () => {
    const app = await devServer("default");
    expect(await app.views()).toBe(1);
    expect(await app.views()).toBe(2);
    const { before, after } = await app.reload();
    expect(after.getSession).not.toBe(before.getSession);
    expect(await app.views()).toBe(3);
  });
});

describe("sharedMemoryStore", () => {
  it("returns one store per name", () => {
    const store = sharedMemoryStore();
    expect(store).toBeInstanceOf(MemoryStore);
    expect(sharedMemoryStore()).toBe(store);
    expect(sharedMemoryStore("default")).toBe(store);
    expect(sharedMemoryStore("other app")).not.toBe(store);
  });

  it("rejects a name that is not a string", () => {
    expect(() => sharedMemoryStore(42 as unknown as string)).toThrow(
      new TypeError("next-session: sharedMemoryStore(name) needs a string, got number"),
    );
  });
});
