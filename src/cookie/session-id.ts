import type { ResolvedOptions } from "../options.js";

/**
 * Ids longer than this are not looked up in the store: a new session starts instead. Real
 * generators stay far below it (nanoid 21 characters, uid-safe as used by express-session
 * 32, a UUID 36, a hex SHA-512 128), while a forged cookie can be as long as a header
 * allows (about 4 KB per cookie in browsers, more from other clients).
 */
export const MAX_ID_LENGTH = 1024;

/**
 * Turns the session cookie's value into the session id. Absent, empty, undecodable or
 * overlong values mean "no session": a `decode` that returns a falsy value or throws (say,
 * on a tampered cookie) starts a new session instead of failing the request. The alphabet
 * is not restricted, so ids from any generator keep working.
 */
export function decodeSessionId(
  raw: string | undefined,
  { decode }: ResolvedOptions,
): string | undefined {
  if (!raw) return undefined;
  let id: unknown = raw;
  if (decode) {
    try {
      id = decode(raw);
    } catch {
      return undefined;
    }
  }
  return typeof id === "string" && id !== "" && id.length <= MAX_ID_LENGTH ? id : undefined;
}

/** The cookie value that carries `id`. */
export function encodeSessionId(id: string, { encode }: ResolvedOptions): string {
  return encode ? encode(id) : id;
}
