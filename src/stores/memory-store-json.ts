import type { SessionData } from "../types.js";

// How MemoryStore turns a session into the JSON it keeps, and back, quickly.

/**
 * `record`, parsed from JSON, with its `cookie.expires` a Date again. Only that one field is
 * revived, so user fields that happen to be called "expires" come back as they were stored.
 */
export function reviveCookieExpires(record: SessionData): SessionData {
  const cookie = record.cookie as { expires?: unknown } | undefined;
  if (typeof cookie?.expires === "string") cookie.expires = new Date(cookie.expires);
  return record;
}

/**
 * Returns `text` flattened. V8 builds a long string out of pieces (JSON.stringify's output,
 * an id made by appending characters) and keeps every piece until something reads the
 * string as a whole; reading one character flattens it in place, after which the garbage
 * collector drops the pieces. An idle session then takes about 100 bytes less.
 */
export function compact(text: string): string {
  void text.charCodeAt(0);
  return text;
}

const dateToJSON = Date.prototype.toJSON;
const dateToISOString = Date.prototype.toISOString;

/**
 * `JSON.stringify(sess)`, about three times faster. JSON.stringify leaves its fast path for
 * any object with a `toJSON`, as the Date in `cookie.expires` has; so, while serialising,
 * that Date is swapped for the very text its `toJSON` would give, then put back. Only a
 * plain, valid Date on a writable cookie is swapped; anything else is serialised as is.
 */
export function serialize(sess: SessionData): string {
  const cookie = sess.cookie as { expires?: unknown } | undefined;
  const expires = cookie?.expires;
  if (
    !(expires instanceof Date) ||
    expires.toJSON !== dateToJSON ||
    expires.toISOString !== dateToISOString ||
    !Number.isFinite(expires.getTime())
  ) {
    return JSON.stringify(sess);
  }
  try {
    (cookie as { expires: unknown }).expires = expires.toISOString();
  } catch {
    return JSON.stringify(sess); // A frozen cookie: nothing was swapped.
  }
  try {
    return JSON.stringify(sess);
  } finally {
    (cookie as { expires: unknown }).expires = expires;
  }
}
