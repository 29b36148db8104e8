import { isProduction, warnOnceInDevelopment } from "./development-warning.js";
import type { SameSite } from "./types.js";

/*
 * Each option read the way next-session 4.0.5 read it, so that every value it served with
 * still serves the same way. What it accepted only by accident of JavaScript's coercion
 * (a numeric string, a number for a flag, `null`) is accepted and warned about once in
 * development; a value it would have failed on at the first request is a `TypeError` here.
 */

/** A value as an error or warning shows it: objects by kind, never their contents. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) {
    return typeof (value as { then?: unknown }).then === "function" ? "a Promise" : "an object";
  }
  return String(value);
}

export function fail(option: string, expected: string, value: unknown): never {
  throw new TypeError(
    `next-session: option "${option}" must be ${expected}, got ${describeValue(value)}`,
  );
}

/** Options that next-session 4.0.5 did not have: read the way it read their likes. */
const NEWER_OPTIONS: ReadonlySet<string> = new Set(["owner", "describe", "absoluteTimeout"]);

/** A value accepted because next-session 4.0.5 accepted it: said once, in development. */
export function warnRead(option: string, value: unknown, reading: string, expected: string): void {
  const as = NEWER_OPTIONS.has(option)
    ? "as next-session 4.0.5 read such values in its options"
    : "as next-session 4.0.5 read it";
  warnOnceInDevelopment(
    option,
    `next-session: option "${option}" is ${describeValue(value)}, read as ${reading} (${as}); use ${expected} instead. This warning is printed once, and never when NODE_ENV is "production".`,
  );
}

/** `null` means the default; any other value counts by its truthiness, as in 4.0.5. */
export function readFlag(option: string, value: unknown, fallback: boolean): boolean {
  if (typeof value === "boolean") return value;
  if (value === undefined) return fallback;
  const flag = value === null ? fallback : Boolean(value);
  warnRead(option, value, String(flag), "true or false");
  return flag;
}

/** A falsy value means the default, as in 4.0.5; anything else must be callable. */
export function readFunction<F>(
  option: string,
  value: unknown,
  fallback: F,
  fallbackText: string,
): F {
  if (typeof value === "function") return value as F;
  if (value === undefined) return fallback;
  if (value) fail(option, "a function", value);
  warnRead(option, value, fallbackText, "a function");
  return fallback;
}

/**
 * A falsy value means the default, as in 4.0.5; anything else is written as text, as 4.0.5
 * wrote it, and must fit the cookie grammar.
 */
export function readText<T extends string | undefined>(
  option: string,
  value: unknown,
  fallback: T,
  grammar: { valid: (text: string) => boolean; expected: string },
): string | T {
  if (value === undefined) return fallback;
  if (typeof value === "symbol") fail(option, "a string", value);
  const text = value ? String(value) : fallback;
  if (text !== undefined && !grammar.valid(text)) fail(option, grammar.expected, value);
  if (typeof value !== "string") {
    warnRead(option, value, text === undefined ? "unset" : JSON.stringify(text), "a string");
  }
  return text;
}

/** `Number(value)` as 4.0.5's arithmetic read it; a symbol could not be read at all. */
function toNumber(option: string, value: unknown, expected: string): number {
  try {
    return Number(value);
  } catch {
    return fail(option, expected, value);
  }
}

const SECONDS = "a number of seconds";

/** 4.0.5 compared `touchAfter >= 0` and multiplied it: whatever it was, as a number. */
export function readTouchAfterMs(value: unknown): number {
  if (typeof value === "number" && !Number.isNaN(value)) return value < 0 ? -1 : value * 1000;
  if (value === undefined) return -1;
  const seconds = value === null ? -1 : toNumber("touchAfter", value, SECONDS);
  const never = !(seconds >= 0);
  warnRead("touchAfter", value, never ? "-1 (never)" : `${seconds} seconds`, SECONDS);
  return never ? -1 : seconds * 1000;
}

const LIFETIME = `${SECONDS}, positive and small enough that the expiry is a valid date`;

/**
 * A lifetime in seconds, read as 4.0.5 read `maxAge`: a falsy value is unset, anything else
 * is computed with. A value that gives no valid, future expiry could only lose sessions,
 * so it is refused.
 */
function readLifetime(option: string, value: unknown, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = value ? toNumber(option, value, expected) : 0;
  const expiry = new Date(Date.now() + seconds * 1000).getTime();
  if (!(seconds >= 0) || Number.isNaN(expiry)) fail(option, expected, value);
  if (value !== seconds) {
    warnRead(option, value, seconds === 0 ? "unset" : `${seconds} seconds`, SECONDS);
  }
  return seconds === 0 ? undefined : seconds;
}

export function readMaxAge(value: unknown): number | undefined {
  return readLifetime(
    "cookie.maxAge",
    value,
    `${LIFETIME} (0 or unset: the cookie lasts for the browser session)`,
  );
}

/** In milliseconds, or undefined when unset. */
export function readAbsoluteTimeoutMs(value: unknown): number | undefined {
  const seconds = readLifetime("absoluteTimeout", value, `${LIFETIME} (0 or unset: none)`);
  return seconds === undefined ? undefined : seconds * 1000;
}

const SAME_SITE_NAMES: readonly string[] = ["lax", "strict", "none"];

export function readSameSite(value: unknown): SameSite | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  if (typeof value === "string" && SAME_SITE_NAMES.includes(value.toLowerCase())) {
    return value as SameSite;
  }
  const expected = 'true, false, "lax", "strict" or "none"';
  if (value) fail("cookie.sameSite", expected, value);
  warnRead("cookie.sameSite", value, "unset", expected);
  return undefined;
}

/** An object's properties; 4.0.5 read a missing or primitive value as `{}`. */
export function readObject(option: string, value: unknown): Record<string, unknown> {
  if ((typeof value === "object" && value !== null) || typeof value === "function") {
    return value as Record<string, unknown>;
  }
  if (value !== undefined) warnRead(option, value, "{}", "an object");
  return {};
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * `secret` as a non-empty list, or undefined when the option is left out. A secret that is
 * given but empty is usually an unset environment variable: signing must not turn off
 * without a word, so that is an error in production and a warning in development. Empty
 * entries after the first are dropped (an old secret already retired). Secrets are never
 * echoed, only their type.
 */
export function readSecrets(options: object): readonly [string, ...string[]] | undefined {
  if (!("secret" in options)) return undefined;
  const { secret } = options as { secret: unknown };
  const list: unknown[] = Array.isArray(secret) ? secret : [secret];
  if (list.some((item) => typeof item !== "string" && !isUnset(item))) {
    const kind = Array.isArray(secret) ? "an array with other values" : typeof secret;
    throw new TypeError(
      `next-session: option "secret" must be a string or an array of strings, got ${kind}`,
    );
  }
  const secrets = list.filter((item): item is string => typeof item === "string" && item !== "");
  if (isUnset(list[0])) {
    const problem =
      'next-session: option "secret" is given but empty (is its environment variable set?)';
    if (isProduction()) {
      throw new TypeError(`${problem}: set it, or leave the option out to send ids unsigned`);
    }
    warnOnceInDevelopment(
      "secret",
      `${problem}: ids are ${secrets.length === 0 ? "sent unsigned" : "signed with the next secret in the list"}. In production this is an error.`,
    );
  }
  return secrets.length === 0 ? undefined : (secrets as [string, ...string[]]);
}
