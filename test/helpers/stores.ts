import { MemoryStore } from "../../src/stores/memory-store.js";
import type { SessionData, SessionStore } from "../../src/types.js";

export type StoreMethod = "get" | "set" | "destroy" | "touch";

/** One call that reached the store. */
export interface StoreCall {
  method: StoreMethod;
  sid: string;
  /** JSON of the session passed to set/touch, taken at call time. */
  session?: string;
}

/** How the next call to a method misbehaves. */
export type Fault = "reject" | "throw" | "late" | "non-object";

export interface TestStoreOptions {
  /** Whether the store has `touch`. @default true */
  touch?: boolean;
  /**
   * What every `get` answers, whatever the id, handed over as it is (frozen, odd shapes):
   * a store with broken records. Without it, `get` reads what `set` wrote.
   */
  answer?: unknown;
  /** Records the store holds from the start, by id. */
  records?: Record<string, SessionData>;
}

export interface TestStore extends SessionStore {
  /** Every call made, in order. */
  readonly calls: StoreCall[];
  /** The MemoryStore that keeps the records. */
  readonly memory: MemoryStore;
  /** The calls made to one method. */
  callsTo(method: StoreMethod): StoreCall[];
  /** Makes the next call to `method` misbehave, once. */
  inject(method: StoreMethod, fault: Fault): void;
}

/** Milliseconds a "late" call waits: long enough to be later than the rest of the request. */
const LATE_MS = 30;

/**
 * The one store double of the test suite: a MemoryStore behind a wrapper that logs every
 * call and, on request, makes the next call of a method reject, throw synchronously,
 * answer late, or (for get) answer with something that is not a session.
 */
export function testStore(options: TestStoreOptions = {}): TestStore {
  const { touch = true, records = {} } = options;
  const answers = "answer" in options;
  const memory = new MemoryStore();
  for (const [sid, record] of Object.entries(records)) void memory.set(sid, record);
  const calls: StoreCall[] = [];
  const faults = new Map<StoreMethod, Fault>();

  function call<T>(
    method: StoreMethod,
    sid: string,
    session: SessionData | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    calls.push(
      session === undefined ? { method, sid } : { method, sid, session: JSON.stringify(session) },
    );
    const fault = faults.get(method);
    faults.delete(method);
    switch (fault) {
      case "reject":
        return Promise.reject(new Error(`injected ${method} rejection`));
      case "throw":
        throw new Error(`injected ${method} throw`);
      case "late":
        return new Promise((resolve) => setTimeout(resolve, LATE_MS)).then(run);
      case "non-object":
        return Promise.resolve("not a session" as T);
      default:
        return run();
    }
  }

  const store: TestStore = {
    calls,
    memory,
    callsTo: (method) => calls.filter((logged) => logged.method === method),
    inject: (method, fault) => void faults.set(method, fault),
    get: (sid) =>
      call("get", sid, undefined, () =>
        answers ? Promise.resolve(options.answer as SessionData) : memory.get(sid),
      ),
    set: (sid, session) => call("set", sid, session, () => memory.set(sid, session)),
    destroy: (sid) => call("destroy", sid, undefined, () => memory.destroy(sid)),
  };
  if (touch)
    store.touch = (sid, session) => call("touch", sid, session, () => memory.touch(sid, session));
  return store;
}
