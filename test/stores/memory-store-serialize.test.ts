import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/index.js";
import type { Cookie, SessionData } from "../../src/types.js";

const BASE: Omit<Cookie, "maxAge" | "expires"> = { httpOnly: true, path: "/", secure: false };

/** A session whose cookie expires at `expires`, whatever that is. */
function sessionExpiring(expires: unknown, extra: object = {}): SessionData {
  return { cookie: { ...BASE, maxAge: 60, expires }, views: 1, ...extra } as SessionData;
}

class ShiftedDate extends Date {
  override toISOString(): string {
    return "shifted";
  }
}

// MemoryStore serialises with the expiry Date swapped for its text: the result must be
// what JSON.stringify gives, and the session must come out of it unchanged.
describe("MemoryStore serialising", () => {
  const future = () => new Date(Date.now() + 60_000);
  const withOwnToJSON = Object.assign(future(), { toJSON: () => "own" });
  it.each([
    ["a Date", future()],
    ["an invalid Date", new Date(Number.NaN)],
    ["a Date with its own toJSON", withOwnToJSON],
    ["a Date subclass with another toISOString", new ShiftedDate(Date.now() + 60_000)],
    ["a string", future().toISOString()],
    ["nothing", undefined],
  ])("stores what JSON.stringify gives for %s", async (_, expires) => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const session = sessionExpiring(expires, { nested: { expires: "user data" } });
    const expected = JSON.stringify(session);
    await store.set("a", session);
    expect(store.store.get("a")).toBe(expected);
    expect(session.cookie.expires).toBe(expires);
  });

  it("leaves a frozen cookie alone and still stores it", async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const session = sessionExpiring(future());
    Object.freeze(session.cookie);
    const expected = JSON.stringify(session);
    await store.set("a", session);
    expect(store.store.get("a")).toBe(expected);
  });

  it("puts the Date back even when serialising fails", async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const expires = future();
    const session = sessionExpiring(expires, { big: 1n });
    await expect(store.set("a", session)).rejects.toThrow(TypeError);
    expect(session.cookie.expires).toBe(expires);
  });
});
