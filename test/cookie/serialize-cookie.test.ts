import { stringifySetCookie } from "cookie";
import { describe, expect, it } from "vitest";
import { SET_COOKIE_ATTRIBUTES, serializeSessionCookie } from "../../src/cookie/cookie.js";
import type { Cookie } from "../../src/types.js";

const base: Cookie = { path: "/", httpOnly: true, secure: false };
const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

// Each row differs from the one before it in one attribute, so that a reused attributes
// text (serializeSessionCookie keeps the last one) would show as a wrong Set-Cookie.
const cookies: Cookie[] = [
  base,
  base,
  { ...base, maxAge: 60, expires: at(0) },
  { ...base, maxAge: 60, expires: at(999) },
  { ...base, maxAge: 60, expires: at(1000) },
  { ...base, maxAge: 60, expires: at(1000), path: "/app" },
  { ...base, maxAge: 60, expires: at(1000), path: "/app", httpOnly: false },
  { ...base, maxAge: 60, expires: at(1000), path: "/app", secure: true },
  { ...base, maxAge: 60, expires: at(1000), domain: "example.com" },
  { ...base, maxAge: 60, expires: at(1000), sameSite: "lax" },
  { ...base, maxAge: 60, expires: at(1000), sameSite: "strict" },
  { ...base, maxAge: 60, expires: at(1000), sameSite: true },
  { ...base, maxAge: 60, expires: at(1000) },
  base,
];

function expected(name: string, value: string, cookie: Cookie): string {
  const { path, httpOnly, secure, domain, sameSite, expires } = cookie;
  return stringifySetCookie(name, value, {
    path,
    httpOnly,
    secure,
    ...(domain === undefined ? {} : { domain }),
    ...(sameSite === undefined ? {} : { sameSite }),
    ...(expires === undefined ? {} : { expires }),
  });
}

describe("serializeSessionCookie", () => {
  it("writes what `cookie` writes, whatever attribute changes between two calls", () => {
    for (const name of ["sid", "other"]) {
      for (const cookie of cookies) {
        expect(serializeSessionCookie(name, "a b", cookie)).toBe(expected(name, "a b", cookie));
      }
    }
  });

  // One value per attribute that differs from `expiring`'s, so that the row for each
  // attribute changes only that one.
  const expiring: Cookie = { ...base, maxAge: 60, expires: at(0) };
  const other: { [K in (typeof SET_COOKIE_ATTRIBUTES)[number]]-?: Cookie[K] } = {
    path: "/app",
    httpOnly: false,
    secure: true,
    domain: "example.com",
    sameSite: "lax",
    expires: at(5000),
  };

  it.each(SET_COOKIE_ATTRIBUTES)("writes a new Set-Cookie when only %s changes", (key) => {
    const changed = { ...expiring, [key]: other[key] } as Cookie;
    const before = serializeSessionCookie("sid", "x", expiring);
    const after = serializeSessionCookie("sid", "x", changed);
    expect(after).toBe(expected("sid", "x", changed));
    expect(after).not.toBe(before);
  });

  it("still rejects an invalid expiry, even right after a valid one", () => {
    const valid = { ...base, maxAge: 60, expires: at(0) } as Cookie;
    serializeSessionCookie("sid", "x", valid);
    const invalid = { ...valid, expires: new Date(Number.NaN) } as Cookie;
    expect(() => serializeSessionCookie("sid", "x", invalid)).toThrow(TypeError);
    const notADate = { ...valid, expires: "tomorrow" } as unknown as Cookie;
    expect(() => serializeSessionCookie("sid", "x", notADate)).toThrow(TypeError);
  });

  it("rejects a bad name or value as `cookie` does", () => {
    expect(() => serializeSessionCookie("bad name", "x", base)).toThrow(TypeError);
    expect(() => serializeSessionCookie("sid", "x", { ...base, path: "/\n" })).toThrow(TypeError);
  });
});
