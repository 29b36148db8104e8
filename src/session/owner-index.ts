import type { SessionOwnerIndex, SessionStore } from "../types.js";
import { storeError } from "./errors.js";
import type { SessionState } from "./state.js";

/** The store's owner index, when it has a usable one. */
export function ownerIndexOf(store: SessionStore): SessionOwnerIndex | undefined {
  const index: unknown = store.ownerIndex;
  if (typeof index !== "object" || index === null) return undefined;
  const { add, remove, list } = index as Record<keyof SessionOwnerIndex, unknown>;
  const usable =
    typeof add === "function" && typeof remove === "function" && typeof list === "function";
  return usable ? (index as SessionOwnerIndex) : undefined;
}

/** Runs one index call; its failure names the call, with the store's error as `cause`. */
export async function indexCall<T>(
  method: keyof SessionOwnerIndex,
  where: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw storeError(`store.ownerIndex.${method}()`, where, cause);
  }
}

/**
 * After the record of `id` was destroyed: its owner's entry goes too, and the session no
 * longer has metadata in the store.
 */
export async function forgetOwner(state: SessionState, id: string, where: string): Promise<void> {
  const owner = state.metadata?.owner;
  state.metadata = undefined;
  const index = ownerIndexOf(state.options.store);
  if (owner === undefined || index === undefined) return;
  await indexCall("remove", where, () => index.remove(owner, id));
}
