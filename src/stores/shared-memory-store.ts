import { MemoryStore } from "./memory-store.js";

/**
 * On `globalThis`, because one process evaluates this library and the modules that call
 * it more than once: Next.js bundles an app's session module separately for each of its
 * layers (Pages API routes, pages, the App Router, the proxy), and `next dev` evaluates
 * an edited module again while keeping the process and its global object. `Symbol.for`
 * gives every copy of this module the same keys.
 */
const kSharedStores = Symbol.for("next-session.sharedMemoryStores");
const kDefaultStores = Symbol.for("next-session.defaultStores");

type GlobalWithStores = typeof globalThis & {
  [kSharedStores]?: Map<string, MemoryStore>;
  [kDefaultStores]?: Map<string, MemoryStore>;
};

function storeOfProcess(
  key: typeof kSharedStores | typeof kDefaultStores,
  name: string,
): MemoryStore {
  const global = globalThis as GlobalWithStores;
  global[key] ??= new Map();
  const stores = global[key];
  let store = stores.get(name);
  if (store === undefined) {
    store = new MemoryStore();
    stores.set(name, store);
  }
  return store;
}

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
  return storeOfProcess(kSharedStores, name);
}

/**
 * The store of a `nextSession()` given no `store`: one per process and cookie name, so that
 * every evaluation of an app's session module shares its sessions, while apps with
 * different cookie names stay apart.
 */
export function defaultMemoryStore(cookieName: string): MemoryStore {
  return storeOfProcess(kDefaultStores, cookieName);
}
