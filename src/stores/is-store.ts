import type { SessionStore } from "../types.js";

function isOptionalFunction(value: unknown): boolean {
  return value === undefined || typeof value === "function";
}

/** Whether `value` has the methods of a `SessionStore`. */
export function isStore(value: unknown): value is SessionStore {
  if (typeof value !== "object" || value === null) return false;
  const store = value as Record<string, unknown>;
  return (
    typeof store.get === "function" &&
    typeof store.set === "function" &&
    typeof store.destroy === "function" &&
    isOptionalFunction(store.touch) &&
    isOptionalFunction(store.patch)
  );
}
