import { MemoryStore } from "./memory-store.js";

/**
 * On `globalThis`, because `next dev` evaluates an edited module (and the modules it
 * imports, this library included when it is bundled) again, but keeps the process and
 * its global object. `Symbol.for` gives every copy of this module the same key.
 */
const kStores = Symbol.for("next-session.sharedMemoryStores");

type GlobalWithStores = typeof globalThis & { [kStores]?: Map<string, MemoryStore> };

/**
 * A `MemoryStore` that outlives reloads of the module that calls it: every call with the
 * same `name` in this process returns the same store, so sessions survive edits in
 * `next dev`. For development only, like `MemoryStore` itself.
 *
 * @param name - Tells stores apart when one process runs several apps. @default "default"
 * @example
 * export const getSession = nextSession({ store: sharedMemoryStore() });
 */
export function sharedMemoryStore(name = "default"): MemoryStore {
  if (typeof name !== "string") {
    throw new TypeError(`next-session: sharedMemoryStore(name) needs a string, got ${typeof name}`);
  }
  const global = globalThis as GlobalWithStores;
  global[kStores] ??= new Map();
  let store = global[kStores].get(name);
  if (store === undefined) {
    store = new MemoryStore();
    global[kStores].set(name, store);
  }
  return store;
}
