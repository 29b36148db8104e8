import type { SessionStore } from "../types.js";

const REQUIRED_METHODS = ["get", "set", "destroy"] as const;

type RequiredMethod = (typeof REQUIRED_METHODS)[number];

type StoreLike = Partial<Record<keyof SessionStore, unknown>>;

const SIGNATURES: Record<RequiredMethod, string> = {
  get: "get(sid)",
  set: "set(sid, session)",
  destroy: "destroy(sid)",
};

/** The required methods that `store` lacks (a property that is not a function counts). */
export function missingMethods(store: object): RequiredMethod[] {
  const methods = store as StoreLike;
  return REQUIRED_METHODS.filter((method) => typeof methods[method] !== "function");
}

const OPTIONAL_METHODS = ["touch", "patch"] as const;

/** The optional methods that `store` has but cannot call (`touch: null`): they count as absent. */
export function unusableOptionalMethods(store: object): string[] {
  const methods = store as StoreLike;
  return OPTIONAL_METHODS.filter(
    (method) => methods[method] !== undefined && typeof methods[method] !== "function",
  );
}

function missing(method: RequiredMethod): () => Promise<never> {
  return () =>
    Promise.reject(
      new TypeError(
        `next-session: the store has no ${method}() method; add ${SIGNATURES[method]} to it (see "Writing a store" in the README)`,
      ),
    );
}

/**
 * A store that lacks a method, or whose `touch` or `patch` is not a function, as one the
 * session code can call: present methods are called on the store itself (looked up at each
 * call), a missing one rejects with an error naming it only when something needs it, and an
 * optional method that is not a function is left out (a touched session is then saved with
 * `set`). A complete store is used as it is, without this layer.
 */
export function fillMissingMethods(store: object): SessionStore {
  const methods = store as Record<keyof SessionStore, (...args: unknown[]) => Promise<never>>;
  const absent = new Set(missingMethods(store));
  const call =
    (method: keyof SessionStore) =>
    (...args: unknown[]) =>
      methods[method](...args);
  const filled: SessionStore = {
    get: absent.has("get") ? missing("get") : call("get"),
    set: absent.has("set") ? missing("set") : call("set"),
    destroy: absent.has("destroy") ? missing("destroy") : call("destroy"),
  };
  for (const method of OPTIONAL_METHODS) {
    if (typeof methods[method] === "function") filled[method] = call(method);
  }
  const { ownerIndex } = store as SessionStore;
  if (ownerIndex !== undefined) filled.ownerIndex = ownerIndex;
  return filled;
}
