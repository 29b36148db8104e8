import { MemoryStore } from "../../src/index.js";
import type { SessionData, SessionStore } from "../../src/types.js";

export interface StoreCall {
  method: "get" | "set" | "destroy" | "touch";
  sid: string;
  /** JSON of the session passed to set/touch, taken at call time. */
  session?: string;
}

/** A MemoryStore that records every call, to assert what reached the store and when. */
export class SpyStore implements SessionStore {
  readonly calls: StoreCall[] = [];
  readonly inner = new MemoryStore();

  constructor(withTouch = true) {
    if (!withTouch) Object.defineProperty(this, "touch", { value: undefined });
  }

  callsTo(method: StoreCall["method"]): StoreCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  get(sid: string) {
    this.calls.push({ method: "get", sid });
    return this.inner.get(sid);
  }

  set(sid: string, session: SessionData) {
    this.calls.push({ method: "set", sid, session: JSON.stringify(session) });
    return this.inner.set(sid, session);
  }

  destroy(sid: string) {
    this.calls.push({ method: "destroy", sid });
    return this.inner.destroy(sid);
  }

  touch(sid: string, session: SessionData) {
    this.calls.push({ method: "touch", sid, session: JSON.stringify(session) });
    return this.inner.touch(sid, session);
  }
}
