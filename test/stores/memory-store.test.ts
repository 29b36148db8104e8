import { describe, expect, it } from "vitest";
import { MemoryStore, type SessionData } from "../../src/index.js";

const cookie = { path: "/", httpOnly: true, secure: false };

describe("MemoryStore", () => {
  it("returns null for an unknown id", async () => {
    expect(await new MemoryStore().get("nope")).toBeNull();
  });

  it("round-trips a session, with cookie.expires as a Date", async () => {
    const store = new MemoryStore();
    const expires = new Date(Date.now() + 60_000);
    await store.set("a", {
      cookie: { ...cookie, maxAge: 60, expires },
      user: { name: "Ada", tags: ["x"] },
    });
    const record = await store.get("a");
    expect(record?.cookie.expires).toEqual(expires);
    expect(record?.user).toEqual({ name: "Ada", tags: ["x"] });
  });

  it("keeps user fields named expires exactly as stored (4.0.5 turned them into Dates)", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie, expires: "soon", plan: { expires: "2031-01-01" } });
    const record = await store.get("a");
    expect(record?.expires).toBe("soon");
    expect(record?.plan).toEqual({ expires: "2031-01-01" });
  });

  it("stores copies: changing what get or set handled never changes the stored session", async () => {
    const store = new MemoryStore();
    const session: SessionData = { cookie, n: 1 };
    await store.set("a", session);
    session.n = 2;
    const first = await store.get("a");
    if (first) first.n = 3;
    expect((await store.get("a"))?.n).toBe(1);
  });

  it("gives back a record saved without cookie as it is, for getSession to repair", async () => {
    const store = new MemoryStore();
    await store.set("a", { views: 1 } as unknown as SessionData);
    expect(await store.get("a")).toEqual({ views: 1 });
  });

  it("drops a session that has expired when it is read", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie: { ...cookie, maxAge: 1, expires: new Date(Date.now() - 1) } });
    expect(await store.get("a")).toBeNull();
    expect(store.store.has("a")).toBe(false);
  });

  it("destroys and touches", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie, n: 1 });
    const later = new Date(Date.now() + 120_000);
    await store.touch("a", { cookie: { ...cookie, maxAge: 120, expires: later }, n: 1 });
    expect((await store.get("a"))?.cookie.expires).toEqual(later);
    await store.destroy("a");
    expect(await store.get("a")).toBeNull();
  });

  it("exposes its Map as the public store property, holding JSON", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie, n: 1 });
    expect(store.store).toBeInstanceOf(Map);
    expect(JSON.parse(store.store.get("a") ?? "")).toEqual({ cookie, n: 1 });
  });

  it("patches a field named __proto__ as data, not as the prototype", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie, n: 1 });
    expect(await store.patch("a", { set: [["__proto__", { polluted: true }]], unset: [] })).toBe(
      true,
    );
    const record = await store.get("a");
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(JSON.parse(store.store.get("a") ?? "{}")).toEqual({
      cookie,
      n: 1,
      ["__proto__"]: { polluted: true },
    });
  });

  it("does not patch a session that has expired, and drops it", async () => {
    const store = new MemoryStore();
    await store.set("a", { cookie: { ...cookie, maxAge: 1, expires: new Date(Date.now() - 1) } });
    expect(await store.patch("a", { set: [["n", 2]], unset: [] })).toBe(false);
    expect(store.store.has("a")).toBe(false);
  });

  describe("patch with the whole session", () => {
    async function twoReaders() {
      const store = new MemoryStore();
      await store.set("a", { cookie, kept: 1 });
      const first = (await store.get("a")) as SessionData;
      const second = (await store.get("a")) as SessionData;
      return { store, first, second };
    }

    it("writes the session whole when nothing was written since it was read", async () => {
      const { store, first } = await twoReaders();
      first.one = 1;
      delete first.kept;
      expect(await store.patch("a", { set: [["one", 1]], unset: ["kept"], session: first })).toBe(
        true,
      );
      expect(JSON.parse(store.store.get("a") ?? "")).toEqual({ cookie, one: 1 });
    });

    it("applies only the changes when another write came in between", async () => {
      const { store, first, second } = await twoReaders();
      first.one = 1;
      second.two = 2;
      await store.patch("a", { set: [["one", 1]], unset: [], session: first });
      await store.patch("a", { set: [["two", 2]], unset: [], session: second });
      expect(JSON.parse(store.store.get("a") ?? "")).toEqual({ cookie, kept: 1, one: 1, two: 2 });
    });

    it("does not trust a session that is not one of its records", async () => {
      const { store } = await twoReaders();
      const stranger = { cookie, one: 1 };
      await store.patch("a", { set: [["one", 1]], unset: [], session: stranger });
      expect(JSON.parse(store.store.get("a") ?? "")).toEqual({ cookie, kept: 1, one: 1 });
    });
  });
});
