import { stringifySetCookie } from "cookie";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cookiePrefixOf,
  isCookieDomain,
  isCookieName,
  isCookiePath,
} from "../../src/cookie/grammar.js";

describe("isCookieName", () => {
  it.each(["sid", "app.sid", "__Host-sid", "a!#$%&'*+-.^_`|~", "x(y)", "1", "[x]"])(
    "accepts %j",
    (name) => expect(isCookieName(name)).toBe(true),
  );
  it.each(["", "my sid", "sid;", "a=b", "tab\t", "line\n", "nul\0", "é", "✓", "\x7f"])(
    "refuses %j",
    (name) => expect(isCookieName(name)).toBe(false),
  );
});

describe("isCookiePath", () => {
  it.each(["/", "", "/app", "/a b", "/a=b", "/~user/:id", "relative"])("accepts %j", (path) =>
    expect(isCookiePath(path)).toBe(true),
  );
  it.each(["/a;b", "/a<b", "/a\n", "/a\r", "/\0", "/é", "/\x7f"])("refuses %j", (path) =>
    expect(isCookiePath(path)).toBe(false),
  );
});

describe("isCookieDomain", () => {
  it.each(["example.com", ".example.com", "localhost", "a-b.c0", "127.0.0.1", "EXAMPLE.COM"])(
    "accepts %j",
    (domain) => expect(isCookieDomain(domain)).toBe(true),
  );
  it.each([
    "",
    "exa mple.com",
    "localhost:3000",
    "-a.com",
    "a-.com",
    "a..com",
    "example.com.",
    "..example.com",
    "a_b.com",
    `${"a".repeat(64)}.com`,
    "exämple.com",
  ])("refuses %j", (domain) => expect(isCookieDomain(domain)).toBe(false));
});

/**
 * The checks stand in for the `cookie` package's at start-up: a value they accept must
 * never make a Set-Cookie throw, and a value they refuse must be one `cookie` refuses.
 */
describe("the checks accept exactly what the cookie package writes", () => {
  const writes = (write: () => string) => {
    try {
      write();
      return true;
    } catch {
      return false;
    }
  };
  const text = fc.string({
    unit: fc.constantFrom(..."aZ09-._;=<> \t\n\0é✓/:[]".split(""), "\x7f"),
    minLength: 1,
    maxLength: 8,
  });
  const domain = fc.string({
    unit: fc.constantFrom(..."a0-. _:".split("")),
    minLength: 1,
    maxLength: 70,
  });

  it.each([
    ["name", text, isCookieName, (value: string) => stringifySetCookie(value, "v")],
    ["path", text, isCookiePath, (path: string) => stringifySetCookie("a", "v", { path })],
    ["domain", domain, isCookieDomain, (d: string) => stringifySetCookie("a", "v", { domain: d })],
  ] as const)("%s", (_, values, check, write) => {
    fc.assert(
      fc.property(values, (value) => {
        expect(check(value)).toBe(writes(() => write(value)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("cookiePrefixOf", () => {
  it.each([
    ["__Host-sid", "__Host-"],
    ["__host-sid", "__Host-"],
    ["__HOST-sid", "__Host-"],
    ["__Secure-sid", "__Secure-"],
    ["__secure-sid", "__Secure-"],
    ["sid", undefined],
    ["__Hostsid", undefined],
    ["_Host-sid", undefined],
    ["__Secure", undefined],
    ["x__Host-sid", undefined],
  ])("%j → %s", (name, prefix) => expect(cookiePrefixOf(name)).toBe(prefix));
});
