import { MemoryStore } from "../../src/stores/memory-store.js";
import type { SessionData, SessionStore } from "../../src/types.js";

export type StoreMethod = "get" | "set" | "destroy" | "touch";

/** How a chosen store call misbehaves. */
export type Fault = "reject" | "throw" | "late" | "non-object";

export interface FaultStore extends SessionStore {
  /** Every call made, in order, as "method:sid". */
  readonly calls: string[];
  readonly memory: MemoryStore;
  /** Makes the next call to `method` misbehave (once). */
  inject(method: StoreMethod, fault: Fault): void;
}

/** Milliseconds a "late" call waits: long enough to be later than the rest of the request. */
const LATE_MS = 30;

/**
 * A MemoryStore behind a wrapper that logs calls and, on request, fails the next call of
 * a chosen method: rejects, throws synchronously, answers late, or (for get) answers
 * with something that is not a session.
 */
export function faultStore({ touch = true }: { touch?: boolean } = {}): FaultStore {
  const memory = new MemoryStore();
  const faults = new Map<StoreMethod, Fault>();
  const calls: string[] = [];

  function call<T>(method: StoreMethod, sid: string, run: () => Promise<T>): Promise<T> {
    calls.push(`${method}:${sid}`);
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

  const store: FaultStore = {
    calls,
    memory,
    inject: (method, fault) => faults.set(method, fault),
    get: (sid) => call("get", sid, () => memory.get(sid)),
    set: (sid, sess: SessionData) => call("set", sid, () => memory.set(sid, sess)),
    destroy: (sid) => call("destroy", sid, () => memory.destroy(sid)),
  };
  if (touch) store.touch = (sid, sess) => call("touch", sid, () => memory.touch(sid, sess));
  return store;
}
