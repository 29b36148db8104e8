import type { ResolvedOptions } from "../options.js";

/**
 * Ids longer than this are not looked up in the store: a new session starts instead. Real
 * generators stay far below it (nanoid 21 characters, uid-safe as used by express-session
 * 32, a UUID 36, a hex SHA-512 128), while a forged cookie can be as long as a header
 * allows (about 4 KB per cookie in browsers, more from other clients).
 */
export const MAX_ID_LENGTH = 1024;

/**
 * Cookie values longer than this are not decoded (nor verified against `secret`): browsers
 * send at most 4096 bytes for a cookie's name and value together, so a longer value comes
 * from some other client, and checking it would cost one HMAC per secret over all of it.
 */
export const MAX_COOKIE_VALUE_LENGTH = 4096;

/**
 * Whether `id` holds a C0 or C1 control character (U+0000–U+001F, U+007F–U+009F). No id
 * generator emits one, and some stores refuse them with an error (PostgreSQL's text type
 * refuses NUL), which would let any client fail the request on demand.
 */
function hasControlCharacter(id: string): boolean {
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Turns the session cookie's value into the session id. Absent, empty, undecodable or
 * overlong values, and ids with control characters, mean "no session": a `decode` that
 * returns a falsy value or throws (say, on a tampered cookie) starts a new session instead
 * of failing the request. Other characters are allowed, so ids from any generator keep
 * working.
 */
export function decodeSessionId(
  raw: string | undefined,
  { decode }: ResolvedOptions,
): string | undefined {
  if (!raw || raw.length > MAX_COOKIE_VALUE_LENGTH) return undefined;
  let id: unknown = raw;
  if (decode) {
    try {
      id = decode(raw);
    } catch {
      return undefined;
    }
  }
  return typeof id === "string" &&
    id !== "" &&
    id.length <= MAX_ID_LENGTH &&
    !hasControlCharacter(id)
    ? id
    : undefined;
}

/** The cookie value that carries `id`. */
export function encodeSessionId(id: string, { encode }: ResolvedOptions): string {
  return encode ? encode(id) : id;
}
