import type { IncomingMessage } from "node:http";
import { nanoid } from "nanoid";
import { serializeSessionCookie } from "./cookie/cookie.js";
import type { SignerFactory } from "./cookie/signature.js";
import { isStore } from "./stores/is-store.js";
import { MemoryStore } from "./stores/memory-store.js";
import type { Cookie, Options, SameSite, SessionStore } from "./types.js";

function noSigner(): never {
  throw new TypeError(
    'next-session: option "secret" is not supported by this entry point (it signs with node:crypto); use the Node.js entry point, or sign the id with "encode"/"decode"',
  );
}

/** Options after defaults are applied: read on every request, so resolved once. */
export interface ResolvedOptions {
  readonly name: string;
  readonly store: SessionStore;
  readonly genid: () => string;
  readonly encode: ((rawSid: string) => string) | undefined;
  readonly decode: ((encryptedSid: string) => string | null | undefined) | undefined;
  /** In milliseconds; negative disables automatic touching. */
  readonly touchAfterMs: number;
  readonly autoCommit: boolean;
  /** Receives store failures that no caller can catch (those of auto-commit). */
  readonly onError: (error: Error, req: IncomingMessage) => void;
  /** Attributes every new session's cookie starts from; `maxAge` is kept apart. */
  readonly cookie: Readonly<Omit<Cookie, "maxAge" | "expires">>;
  /** In seconds, or undefined for a browser-session cookie. */
  readonly maxAge: number | undefined;
}

const SAME_SITE_VALUES: readonly unknown[] = [true, false, "lax", "strict", "none"];

function fail(option: string, expected: string, value: unknown): never {
  throw new TypeError(
    `next-session: option "${option}" must be ${expected}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
  );
}

function check(ok: boolean, option: string, expected: string, value: unknown): void {
  if (!ok) fail(option, expected, value);
}

function isOptionalFunction(value: unknown): boolean {
  return value === undefined || typeof value === "function";
}

/** The default `onError`: a store failure must never pass silently. */
function warn(error: Error): void {
  console.warn(error);
}

/** `secret` as a non-empty list; the values are never echoed in errors, only their type. */
function resolveSecrets(secret: unknown): readonly [string, ...string[]] | undefined {
  if (secret === undefined) return undefined;
  const list: unknown[] = Array.isArray(secret) ? secret : [secret];
  const valid = list.length > 0 && list.every((item) => typeof item === "string" && item !== "");
  if (!valid) {
    throw new TypeError(
      `next-session: option "secret" must be a non-empty string or a non-empty array of them, got ${Array.isArray(secret) ? "an array with other values" : typeof secret}`,
    );
  }
  return list as [string, ...string[]];
}

/**
 * The cookie grammar (token name, path and domain characters) is enforced by the `cookie`
 * package when a Set-Cookie is written. Writing one here turns a bad name, path or domain
 * into a start-up error rather than an exception in the middle of a response.
 */
function checkCookieGrammar(name: string, cookie: ResolvedOptions["cookie"]): void {
  try {
    serializeSessionCookie(name, "", cookie);
  } catch (error) {
    const attribute = /option (\w+) is invalid/.exec(String(error))?.[1];
    const option = attribute === undefined ? "name" : `cookie.${attribute}`;
    const value = attribute === undefined ? name : cookie[attribute as keyof typeof cookie];
    fail(option, "valid in a Set-Cookie header", value);
  }
}

/**
 * Applies defaults and validates every option once, when `nextSession()` runs, so that
 * a typo fails at start-up with a `TypeError` naming the option instead of on a request.
 * The caller's object is only read, never written.
 */
export function resolveOptions(
  options: Options = {},
  createSigner: SignerFactory = noSigner,
): ResolvedOptions {
  check(typeof options === "object" && options !== null, "options", "an object", options);
  const { name = "sid", genid = nanoid, encode, decode, touchAfter = -1 } = options;
  const { autoCommit = true, cookie = {}, onError = warn } = options;

  check(typeof name === "string" && name.length > 0, "name", "a non-empty string", name);
  check(
    options.store === undefined || isStore(options.store),
    "store",
    "an object with get, set and destroy methods",
    options.store,
  );
  check(typeof genid === "function", "genid", "a function", genid);
  check(isOptionalFunction(encode), "encode", "a function", encode);
  check(isOptionalFunction(decode), "decode", "a function", decode);
  check(
    Number.isFinite(touchAfter),
    "touchAfter",
    "a number of seconds (-1 to disable)",
    touchAfter,
  );
  check(typeof autoCommit === "boolean", "autoCommit", "a boolean", autoCommit);
  check(typeof onError === "function", "onError", "a function", onError);
  const secrets = resolveSecrets(options.secret);
  if (secrets !== undefined && (encode !== undefined || decode !== undefined)) {
    throw new TypeError(
      'next-session: options "secret" and "encode"/"decode" cannot be used together: "secret" already signs the id; keep one of them',
    );
  }
  const signer = secrets && createSigner(secrets);
  check(typeof cookie === "object" && cookie !== null, "cookie", "an object", cookie);

  const { secure = false, httpOnly = true, path = "/", domain, sameSite, maxAge } = cookie;
  check(typeof secure === "boolean", "cookie.secure", "a boolean", secure);
  check(typeof httpOnly === "boolean", "cookie.httpOnly", "a boolean", httpOnly);
  check(typeof path === "string", "cookie.path", "a string", path);
  check(domain === undefined || typeof domain === "string", "cookie.domain", "a string", domain);
  check(
    sameSite === undefined ||
      SAME_SITE_VALUES.includes(typeof sameSite === "string" ? sameSite.toLowerCase() : sameSite),
    "cookie.sameSite",
    'true, false, "lax", "strict" or "none"',
    sameSite,
  );
  check(
    maxAge === undefined || (typeof maxAge === "number" && Number.isFinite(maxAge)),
    "cookie.maxAge",
    "a number of seconds",
    maxAge,
  );

  // The original treats an empty path or domain as unset; so do we.
  const resolvedCookie = {
    path: path || "/",
    httpOnly,
    domain: domain || undefined,
    sameSite: sameSite as SameSite | undefined,
    secure,
  };
  checkCookieGrammar(name, resolvedCookie);

  return {
    name,
    store: options.store ?? new MemoryStore(),
    genid,
    encode: signer ? signer.sign : encode,
    decode: signer ? signer.unsign : decode,
    touchAfterMs: touchAfter < 0 ? -1 : touchAfter * 1000,
    autoCommit,
    onError,
    cookie: resolvedCookie,
    // `maxAge: 0` meant "no maxAge" in the original (a falsy check); keep that.
    maxAge: maxAge || undefined,
  };
}
