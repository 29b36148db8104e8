import type { SessionData } from "../types.js";

/** An object field's JSON, kept apart from string fields, which are compared as they are. */
class SerializedObject {
  constructor(readonly json: string | undefined) {}
}

/**
 * The user fields (all but `cookie`) as the store last had them: what decides whether a
 * session changed. Only object fields are serialised; primitives are compared as they are,
 * which keeps change detection off the serialiser for most sessions.
 */
export interface FieldsSnapshot {
  readonly keys: readonly string[];
  /** Per key: the primitive, or the object's JSON. */
  readonly values: readonly unknown[];
}

/** A session that the store does not have yet: no fields. */
export const NO_FIELDS: FieldsSnapshot = { keys: [], values: [] };

/** Whether JSON leaves the field out, as it does `undefined`, functions and symbols. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** Whether two primitives give the same JSON: `===`, except that NaN and ±Infinity are all `null`. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return (
    typeof a === "number" && typeof b === "number" && !Number.isFinite(a) && !Number.isFinite(b)
  );
}

/**
 * The snapshot of the session's user fields now. Throws what `JSON.stringify` throws for a
 * field that cannot be serialised (a BigInt, a cycle).
 */
export function snapshotFields(session: SessionData): FieldsSnapshot {
  const keys: string[] = [];
  const values: unknown[] = [];
  const fields = session as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === "cookie") continue;
    const value = fields[key];
    if (isOmitted(value)) continue;
    keys.push(key);
    values.push(isObject(value) ? new SerializedObject(JSON.stringify(value)) : value);
  }
  return { keys, values };
}

/**
 * Whether the user fields would serialise differently from `saved`: the same answer as
 * comparing the JSON of both, field by field, without serialising any primitive.
 */
export function fieldsChanged(session: SessionData, saved: FieldsSnapshot): boolean {
  const fields = session as Record<string, unknown>;
  let index = 0;
  for (const key of Object.keys(fields)) {
    if (key === "cookie") continue;
    const value = fields[key];
    if (isOmitted(value)) continue;
    if (saved.keys[index] !== key) return true;
    const before = saved.values[index];
    index += 1;
    if (before instanceof SerializedObject) {
      if (!isObject(value) || JSON.stringify(value) !== before.json) return true;
    } else if (isObject(value) || !sameJson(value, before)) {
      return true;
    }
  }
  return index !== saved.keys.length;
}

/** The fields one request set or deleted, as a store's `patch` takes them. */
export interface FieldChanges {
  readonly set: Array<readonly [string, unknown]>;
  readonly unset: string[];
}

/** The position of `key` in `saved`, trying `guess` first: keys usually keep their order. */
function indexOfKey(saved: FieldsSnapshot, key: string, guess: number): number {
  return saved.keys[guess] === key ? guess : saved.keys.indexOf(key);
}

/**
 * What the user fields changed since `saved`, field by field, with the same notion of a
 * change as `fieldsChanged`; undefined when nothing changed. Throws what `JSON.stringify`
 * throws for an object field that cannot be serialised.
 */
export function fieldChanges(
  session: SessionData,
  saved: FieldsSnapshot,
): FieldChanges | undefined {
  const fields = session as Record<string, unknown>;
  const set: Array<readonly [string, unknown]> = [];
  let kept = 0;
  let position = 0;
  for (const key of Object.keys(fields)) {
    if (key === "cookie") continue;
    const value = fields[key];
    if (isOmitted(value)) continue;
    const index = indexOfKey(saved, key, position);
    position += 1;
    if (index === -1) {
      set.push([key, value]);
      continue;
    }
    kept += 1;
    const before = saved.values[index];
    const same =
      before instanceof SerializedObject
        ? isObject(value) && JSON.stringify(value) === before.json
        : !isObject(value) && sameJson(value, before);
    if (!same) set.push([key, value]);
  }
  const unset =
    kept === saved.keys.length
      ? []
      : saved.keys.filter((key) => !Object.hasOwn(fields, key) || isOmitted(fields[key]));
  return set.length === 0 && unset.length === 0 ? undefined : { set, unset };
}
