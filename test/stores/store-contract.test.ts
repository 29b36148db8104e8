import { describe, expect, it } from "vitest";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import { MemoryStore } from "../../src/stores/memory-store.js";
import { storeContract } from "../../src/stores/store-contract.js";
import type {
  SessionData,
  SessionOwnerIndex,
  SessionPatch,
  SessionStore,
} from "../../src/types.js";
import { itFulfilsStoreContract } from "../helpers/store-contract.js";

function memoryExpiry(store: MemoryStore) {
  return async (sid: string): Promise<number | undefined> => {
    const json = store.store.get(sid);
    if (json === undefined) return undefined;
    const { cookie } = JSON.parse(json) as { cookie: { expires?: string } };
    return cookie.expires === undefined ? undefined : Date.parse(cookie.expires);
  };
}

describe("MemoryStore", () => {
  const store = new MemoryStore();
  itFulfilsStoreContract({ store, expiresAt: memoryExpiry(store), expiryToleranceMs: 0 });
});

describe("compat expressSession.MemoryStore through promisifyStore", () => {
  itFulfilsStoreContract({ store: promisifyStore(new expressSession.MemoryStore()) });
});

describe("a store without touch", () => {
  const memory = new MemoryStore();
  itFulfilsStoreContract({
    store: {
      get: (sid) => memory.get(sid),
      set: (sid, session) => memory.set(sid, session),
      destroy: (sid) => memory.destroy(sid),
    },
  });
});

/** Runs the named case against `store` and returns what it threw. */
async function failureOf(store: SessionStore, caseName: string, expiresAt?: () => Promise<number>) {
  const found = storeContract(expiresAt ? { store, expiresAt } : { store }).find((c) =>
    c.name.startsWith(caseName),
  );
  if (found === undefined) throw new Error(`no case named ${caseName}`);
  return found.run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("storeContract options", () => {
  it.each([undefined, {}, { get() {}, set() {} }])("rejects %j as a store", (store) => {
    expect(() => storeContract({ store: store as unknown as SessionStore })).toThrow(
      new TypeError(
        "next-session/store-contract: options.store must have get, set and destroy methods",
      ),
    );
  });
});

describe("the contract catches broken stores", () => {
  /** A store that keeps sessions by reference and never checks expiry. */
  function naiveStore(): SessionStore & { map: Map<string, SessionData> } {
    const map = new Map<string, SessionData>();
    return {
      map,
      get: async (sid) => map.get(sid),
      set: async (sid, session) => void map.set(sid, session),
      destroy: async () => undefined,
      touch: async () => undefined,
    };
  }

  it.each([
    ["a session whose cookie.expires has passed", /expected no session/],
    ["destroy removes the session", /expected no session/],
  ])("fails %s", async (caseName, message) => {
    expect(await failureOf(naiveStore(), caseName)).toMatchObject({ message });
  });

  it("fails a store that drops cookie.expires", async () => {
    const store = naiveStore();
    store.set = async (sid, { cookie: { expires: _expires, ...cookie }, ...fields }) =>
      void store.map.set(sid, { ...fields, cookie: cookie as SessionData["cookie"] });
    expect(await failureOf(store, "set then get")).toMatchObject({
      message: expect.stringMatching(/cookie\.expires changed/),
    });
  });

  it("fails a store that mangles unicode", async () => {
    const store = naiveStore();
    store.get = async (sid) => {
      const session = store.map.get(sid);
      return session && JSON.parse(JSON.stringify(session).replace(/🍪/g, "?"));
    };
    expect(await failureOf(store, "unicode")).toBeInstanceOf(Error);
  });

  it("fails a store whose own expiry does not follow touch", async () => {
    const farAway = async () => 0;
    expect(await failureOf(naiveStore(), "touch", farAway)).toMatchObject({
      message: expect.stringMatching(/store expiry is \d+ ms off/),
    });
  });

  it("fails a store whose touch creates a session", async () => {
    const store = naiveStore();
    store.touch = (sid, session) => store.set(sid, session);
    expect(await failureOf(store, "touch never creates")).toMatchObject({
      message: expect.stringMatching(/expected no session/),
    });
  });

  /** A patch that reads, waits, then writes the whole record back: what `set` does. */
  function readModifyWrite(
    store: ReturnType<typeof naiveStore>,
  ): NonNullable<SessionStore["patch"]> {
    return async (sid, patch) => {
      const record = structuredClone(store.map.get(sid) ?? { cookie: {} as SessionData["cookie"] });
      for (const [name, value] of patch.set) record[name] = value;
      await new Promise((resolve) => setImmediate(resolve));
      store.map.set(sid, record);
      return true;
    };
  }

  it.each([
    ["patch resolves false and creates nothing for an id", /resolved true for a session/],
    ["patch resolves false and creates nothing after destroy", /resolved true for a session/],
    ["50 concurrent patches", /Expected values to be strictly deep-equal/],
  ])("fails a read-modify-write patch: %s", async (caseName, message) => {
    const store = naiveStore();
    store.destroy = async (sid) => void store.map.delete(sid);
    store.patch = readModifyWrite(store);
    expect(await failureOf(store, caseName)).toMatchObject({ message });
  });

  it("reports the patch and touch cases of a store without them as not run, saying why", () => {
    const memory = new MemoryStore();
    const store = {
      get: memory.get.bind(memory),
      set: memory.set.bind(memory),
      destroy: memory.destroy.bind(memory),
    };
    const skipped = storeContract({ store }).filter((c) => c.skip !== undefined);
    expect(skipped.map((c) => c.name)).toEqual([
      expect.stringMatching(/^touch\(\) cases: not run, the store has no touch\(\)/),
      expect.stringMatching(
        /^patch\(\) cases: not run, the store has no patch\(\): .*lose each other's fields/,
      ),
      expect.stringMatching(
        /^ownerIndex cases: not run, the store has no ownerIndex: getSession.listSessions\(\), revokeSession\(\) and revokeSessions\(\) reject/,
      ),
    ]);
    // A runner that does not know `skip` runs them: they check nothing, and pass.
    return Promise.all(skipped.map((c) => c.run()));
  });

  /** A MemoryStore whose owner index is replaced by `index`. */
  function withIndex(index: Partial<SessionOwnerIndex>): SessionStore {
    const memory = new MemoryStore();
    return {
      get: (sid) => memory.get(sid),
      set: (sid, session) => memory.set(sid, session),
      destroy: (sid) => memory.destroy(sid),
      touch: (sid, session) => memory.touch(sid, session),
      patch: (sid, patch) => memory.patch(sid, patch),
      ownerIndex: { ...memory.ownerIndex, ...index },
    };
  }

  /** An owner index that keeps every entry it is given, expired or not. */
  function keepingIndex(): Partial<SessionOwnerIndex> {
    const owners = new Map<string, Set<string>>();
    return {
      add: async (owner, sid) => void owners.set(owner, (owners.get(owner) ?? new Set()).add(sid)),
      list: async (owner) => [...(owners.get(owner) ?? [])],
    };
  }

  it.each([
    ["an index whose remove does nothing", { remove: async () => undefined }, "ownerIndex.remove"],
    ["an index that lists expired entries", keepingIndex(), "ownerIndex does not list"],
    ["an index that lists nothing", { list: async () => [] }, "a session revoked"],
  ])("fails %s", async (_, index, caseName) => {
    expect(await failureOf(withIndex(index), caseName)).toBeInstanceOf(Error);
  });

  it("fails a store whose patch brings back a revoked session", async () => {
    const store = withIndex({});
    const memory = new MemoryStore();
    Object.assign(store, {
      get: (sid: string) => memory.get(sid),
      set: (sid: string, session: SessionData) => memory.set(sid, session),
      destroy: (sid: string) => memory.destroy(sid),
      patch: async (sid: string, patch: SessionPatch) => {
        const record: Record<string, unknown> = (await memory.get(sid)) ?? { cookie: patch.cookie };
        for (const [name, value] of patch.set) record[name] = value;
        await memory.set(sid, record as SessionData);
        return true;
      },
      ownerIndex: memory.ownerIndex,
    });
    expect(await failureOf(store, "a session revoked")).toMatchObject({
      message: expect.stringMatching(/the request in flight sent a cookie/),
    });
  });

  it("fails with the store's error, not a timeout, when getSession rejects in an app request", async () => {
    const store = naiveStore();
    store.get = async () => {
      throw new Error("disk unreadable");
    };
    expect(await failureOf(store, "two nextSession() apps")).toMatchObject({
      message: expect.stringMatching(/^\/ answered 500: .*store\.get\(\) failed/),
    });
  });

  it("fails a store that returns nothing", async () => {
    const store = naiveStore();
    store.get = async () => null;
    expect(await failureOf(store, "two nextSession() apps")).toMatchObject({
      message: expect.stringMatching(/views on request 2/),
    });
  });
});
