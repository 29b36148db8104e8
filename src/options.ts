import type { IncomingMessage } from "node:http";
import { nanoid } from "nanoid";
import { cookiePrefixOf, isCookieDomain, isCookieName, isCookiePath } from "./cookie/grammar.js";
import type { SignerFactory } from "./cookie/signature.js";
import { warnOnceInDevelopment } from "./development-warning.js";
import {
  fail,
  readAbsoluteTimeoutMs,
  readFlag,
  readFunction,
  readMaxAge,
  readObject,
  readSameSite,
  readSecrets,
  readText,
  readTouchAfterMs,
  warnRead,
} from "./option-readers.js";
import {
  fillMissingMethods,
  missingMethods,
  unusableOptionalMethods,
} from "./stores/partial-store.js";
import { defaultMemoryStore } from "./stores/shared-memory-store.js";
import type { Cookie, Options, SessionData, SessionStore } from "./types.js";

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
  readonly owner: ((session: SessionData) => unknown) | undefined;
  readonly describe: ((session: SessionData) => unknown) | undefined;
  /** In milliseconds after a session's creation; undefined: no absolute timeout. */
  readonly absoluteTimeoutMs: number | undefined;
  /**
   * Whether stored records carry the session's metadata (creation, last write, owner):
   * only when `owner` or `absoluteTimeout` needs it, so that otherwise a record is exactly
   * the session's fields and cookie, and loading and saving do no extra work.
   */
  readonly keepsMetadata: boolean;
}

/** The default `onError`: a store failure must never pass silently. */
function warn(error: Error): void {
  console.warn(error);
}

const STORE = "a session store: an object with get, set and destroy methods (touch optional)";

/**
 * A complete store is used as it is. 4.0.5 called a store's methods only when it needed
 * them, so a store that lacks some still works until one of those is needed; one that can
 * neither load nor save a session could never work, and is refused.
 */
function readStore(value: unknown): SessionStore | undefined {
  if (value === undefined) return undefined;
  if (!value) {
    warnRead("store", value, "unset (a MemoryStore)", "a store");
    return undefined;
  }
  if (typeof value !== "object" && typeof value !== "function") fail("store", STORE, value);
  const absent = missingMethods(value);
  if (absent.includes("get") && absent.includes("set")) fail("store", STORE, value);
  const unusable = unusableOptionalMethods(value);
  if (absent.length === 0 && unusable.length === 0) return value as SessionStore;
  const gaps = [
    ...absent.map((method) => `no ${method}() method (calls that need it will reject)`),
    ...unusable.map((method) => `a ${method} that is not a function (read as absent)`),
  ];
  warnOnceInDevelopment(
    "store",
    `next-session: option "store" has ${gaps.join(" and ")}; see "Writing a store" in the README. This warning is printed once, and never when NODE_ENV is "production".`,
  );
  return fillMissingMethods(value);
}

/**
 * The cookie-name prefixes: a browser drops a `__Secure-` or `__Host-` cookie that lacks
 * the attributes its prefix demands, so such a configuration could never keep a session.
 */
function checkPrefixRules(name: string, cookie: ResolvedOptions["cookie"]): void {
  const prefix = cookiePrefixOf(name);
  if (prefix === undefined) return;
  const rule = `for a cookie name starting with "${prefix}" (browsers refuse the cookie otherwise)`;
  if (!cookie.secure) fail("cookie.secure", `true ${rule}`, cookie.secure);
  if (prefix === "__Host-" && cookie.domain !== undefined) {
    fail("cookie.domain", `unset ${rule}`, cookie.domain);
  }
  if (prefix === "__Host-" && cookie.path !== "/") fail("cookie.path", `"/" ${rule}`, cookie.path);
}

function readCookie(value: unknown): Pick<ResolvedOptions, "cookie" | "maxAge"> {
  const cookie = readObject("cookie", value);
  const resolved = {
    path: readText("cookie.path", cookie.path, "/", {
      valid: isCookiePath,
      expected: 'a cookie path: ASCII characters except control characters, ";" and "<"',
    }),
    httpOnly: readFlag("cookie.httpOnly", cookie.httpOnly, true),
    domain: readText("cookie.domain", cookie.domain, undefined, {
      valid: isCookieDomain,
      expected: 'a domain name such as "example.com" (letters, digits, "-" and "."; no port)',
    }),
    sameSite: readSameSite(cookie.sameSite),
    secure: readFlag("cookie.secure", cookie.secure, false),
  };
  if (resolved.sameSite === "none" && !resolved.secure) {
    warnOnceInDevelopment(
      "cookie.sameSite without secure",
      'next-session: option "cookie.sameSite" is "none" without "cookie.secure": browsers refuse such a cookie, so sessions will not be kept; set secure: true.',
    );
  }
  return { cookie: resolved, maxAge: readMaxAge(cookie.maxAge) };
}

type Encode = ResolvedOptions["encode"];
type Decode = ResolvedOptions["decode"];

/**
 * Applies defaults and checks every option once, when `nextSession()` runs. Values are
 * read the way next-session 4.0.5 read them (see option-readers.ts); a value that could
 * never work fails here, with a `TypeError` naming the option, instead of on a request.
 * The caller's object is only read, never written.
 */
export function resolveOptions(
  options: Options = {},
  createSigner: SignerFactory = noSigner,
): ResolvedOptions {
  const given = readObject("options", options);
  const name = readText("name", given.name, "sid", {
    valid: isCookieName,
    expected: 'a cookie name: visible ASCII characters except ";" and "="',
  });
  const encode = readFunction<Encode>("encode", given.encode, undefined, "unset");
  const decode = readFunction<Decode>("decode", given.decode, undefined, "unset");
  const secrets = readSecrets(given);
  if (secrets !== undefined && (encode !== undefined || decode !== undefined)) {
    throw new TypeError(
      'next-session: options "secret" and "encode"/"decode" cannot be used together: "secret" already signs the id; keep one of them',
    );
  }
  const signer = secrets && createSigner(secrets);
  const { cookie, maxAge } = readCookie(given.cookie);
  checkPrefixRules(name, cookie);
  type Read = ResolvedOptions["owner"];
  const owner = readFunction<Read>("owner", given.owner, undefined, "unset");
  const absoluteTimeoutMs = readAbsoluteTimeoutMs(given.absoluteTimeout);

  return {
    name,
    store: readStore(given.store) ?? defaultMemoryStore(name),
    genid: readFunction("genid", given.genid, nanoid, "nanoid (the default)"),
    encode: signer ? signer.sign : encode,
    decode: signer ? signer.unsign : decode,
    touchAfterMs: readTouchAfterMs(given.touchAfter),
    autoCommit: readFlag("autoCommit", given.autoCommit, true),
    onError: readFunction("onError", given.onError, warn, "the default (console.warn)"),
    cookie,
    maxAge,
    owner,
    describe: readFunction<Read>("describe", given.describe, undefined, "unset"),
    absoluteTimeoutMs,
    keepsMetadata: owner !== undefined || absoluteTimeoutMs !== undefined,
  };
}
