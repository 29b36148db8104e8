import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../../src/index.js";
import { expressSession } from "../../src/stores/compat.js";
import type { Cookie, SessionData } from "../../src/types.js";

const BASE: Omit<Cookie, "maxAge" | "expires"> = { httpOnly: true, path: "/", secure: false };

function expiringIn(seconds: number): SessionData {
  return { cookie: { ...BASE, maxAge: seconds, expires: new Date(Date.now() + seconds * 1000) } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("MemoryStore expiry", () => {
  it("sweeps expired sessions that nobody reads again, on its timer", async () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ sweepInterval: 10 });
    await store.set("short", expiringIn(5));
    await store.set("long", expiringIn(3600));
    await store.set("browser-session", { cookie: BASE });
    expect([...store.store.keys()]).toEqual(["short", "long", "browser-session"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([...store.store.keys()]).toEqual(["long", "browser-session"]);
  });

  it("stops its timer once no stored session can expire, and starts it again", async () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ sweepInterval: 1 });
    await store.set("a", expiringIn(0.5));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.store.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await store.set("b", expiringIn(0.5));
    expect(vi.getTimerCount()).toBe(1);
    await store.destroy("b");
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("forgets the expiry of a session saved again without one", async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    await store.set("a", expiringIn(1));
    await store.touch("a", { cookie: BASE });
    expect(store.sweep(Date.now() + 10_000)).toBe(0);
    expect(store.store.has("a")).toBe(true);
  });

  it("can sweep on demand, with sweeping on a timer turned off", async () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ sweepInterval: 0 });
    await store.set("a", expiringIn(1));
    expect(vi.getTimerCount()).toBe(0);
    expect(store.sweep(Date.now() + 500)).toBe(0);
    expect(store.sweep(Date.now() + 1000)).toBe(1);
    expect(store.store.size).toBe(0);
  });

  it("sweeps the callback-style MemoryStore of lib/compat too", async () => {
    const store = new expressSession.MemoryStore();
    const set = promisify(store.set).bind(store);
    const get = promisify(store.get).bind(store);
    await set("gone", { cookie: { ...BASE, maxAge: 1, expires: new Date(Date.now() - 1) } });
    await set("kept", expiringIn(60));
    expect(await get("gone")).toBeNull();
    expect(store.sweep(Date.now() + 61_000)).toBe(1);
  });

  it("sweeps the owner index too: entries that expired, and entries whose session is gone", async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const index = store.ownerIndex;
    await store.set("kept", expiringIn(3600));
    await store.set("expiring", expiringIn(60));
    await index.add("ada", "kept", Date.now() + 3_600_000);
    await index.add("ada", "expiring", Date.now() + 60_000);
    await index.add("ada", "never written", undefined);
    await index.add("grace", "never written", undefined);
    store.sweep(Date.now() + 61_000);
    // The sweep ran at a later time than the clock: the kept entry is listed again now.
    expect(await index.list("ada")).toEqual(["kept"]);
    expect(await index.list("grace")).toEqual([]);
  });

  it.each([-1, Number.NaN, "60", 2_147_483.648, 3_000_000])(
    "rejects a sweepInterval of %j",
    (sweepInterval) => {
      expect(() => new MemoryStore({ sweepInterval: sweepInterval as number })).toThrow(
        /^next-session: MemoryStore option "sweepInterval" must be a number of seconds/,
      );
    },
  );

  it("does not keep the process alive", async () => {
    // The built package, as users load it: the test script builds before running tests.
    const entry = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
    const script = `
      const { MemoryStore } = await import(${JSON.stringify(entry)});
      const store = new MemoryStore({ sweepInterval: 3600 });
      await store.set("a", { cookie: { maxAge: 7200, expires: new Date(Date.now() + 7200e3) } });
      console.log("stored");
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      { timeout: 4_000 },
    );
    expect(stdout.trim()).toBe("stored");
  });
});
