import { describe, expect, it, onTestFinished, vi } from "vitest";
import { nextSession } from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import type { Options } from "../src/types.js";
import { sessionApp } from "./helpers/app.js";
import { sessionCookieOf } from "./helpers/set-cookie.js";

describe("security options", () => {
  it.each<[string, unknown]>([
    ["a number", 42],
    ["an array with a number", ["ok", 1]],
    ["an object", { key: "k" }],
  ])("rejects a secret that is %s", (_, secret) => {
    expect(() => nextSession({ secret } as unknown as Options)).toThrow(
      /^next-session: option "secret" must be a string or an array of strings/,
    );
  });

  it("never echoes the secret in an error", () => {
    expect(() => nextSession({ secret: ["hunter2", 1] } as unknown as Options)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });

  it.each<[string, Options]>([
    ["encode", { secret: "s", encode: (id) => id }],
    ["decode", { secret: "s", decode: (value) => value }],
  ])("rejects secret together with %s", (_, options) => {
    expect(() => nextSession(options)).toThrow(
      new TypeError(
        'next-session: options "secret" and "encode"/"decode" cannot be used together: "secret" already signs the id; keep one of them',
      ),
    );
  });

  it("rejects an onError that is not a function", () => {
    expect(() => nextSession({ onError: "log" } as unknown as Options)).toThrow(
      new TypeError('next-session: option "onError" must be a function, got "log"'),
    );
  });
});

/** A secret option that is present but empty: usually an environment variable not set. */
describe("a secret given but empty", () => {
  const empty: [string, unknown][] = [
    ["undefined", undefined],
    ["null", null],
    ['""', ""],
    ["[]", []],
    ["[undefined]", [undefined]],
  ];

  function inEnvironment(nodeEnv: string) {
    vi.stubEnv("NODE_ENV", nodeEnv);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    onTestFinished(() => {
      vi.unstubAllEnvs();
      warn.mockRestore();
    });
    return warn;
  }

  it.each(empty)("is a start-up error in production: %s", (_, secret) => {
    inEnvironment("production");
    expect(() => nextSession({ secret } as unknown as Options)).toThrow(
      new TypeError(
        'next-session: option "secret" is given but empty (is its environment variable set?): set it, or leave the option out to send ids unsigned',
      ),
    );
  });

  it.each(empty)("in development, warns and sends the id unsigned: %s", async (_, secret) => {
    inEnvironment("development");
    const resolved = resolveOptions({ secret } as unknown as Options, () => {
      throw new Error("no signer should be made");
    });
    expect(resolved.encode).toBeUndefined();
  });

  it("an unset first secret in development: signs with the next one", () => {
    inEnvironment("development");
    const signed = resolveOptions(
      { secret: [undefined, "old"] as unknown as string[] },
      (secrets) => ({ sign: () => secrets.join(","), unsign: () => undefined }),
    );
    expect(signed.encode?.("id")).toBe("old");
  });

  it("an unset first secret is an error in production even when older ones are set", () => {
    inEnvironment("production");
    expect(() => nextSession({ secret: [undefined, "old"] as unknown as string[] })).toThrow(
      /^next-session: option "secret" is given but empty/,
    );
  });

  it("an unset secret after the first (one retired) is dropped without a word", async () => {
    const warn = inEnvironment("production");
    const signed = resolveOptions(
      { secret: ["new", undefined, ""] as unknown as string[] },
      (secrets) => ({ sign: () => secrets.join(","), unsign: () => undefined }),
    );
    expect(signed.encode?.("id")).toBe("new");
    expect(warn).not.toHaveBeenCalled();
  });

  it("leaving the option out sends ids unsigned, silently, in production too", () => {
    const warn = inEnvironment("production");
    expect(resolveOptions({}).encode).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });
});

/**
 * The `__Host-` prefix: a browser keeps such a cookie only when it is Secure, has Path=/ and
 * no Domain, so a sibling subdomain cannot toss one in (RFC 6265bis §4.1.3.2).
 */
describe("cookie-name prefixes", () => {
  it("a __Host- name works with the required attributes", async () => {
    const app = await sessionApp({ name: "__Host-sid", cookie: { secure: true } });
    const client = app.client();
    const first = await client.request();
    expect(sessionCookieOf(first, "__Host-sid").attributes).toEqual({
      path: "/",
      httponly: true,
      secure: true,
    });
    expect((await client.request()).body).toBe("2");
  });

  it.each<[string, Options, string]>([
    ["without secure", { name: "__Host-sid" }, "cookie.secure"],
    ["with secure: false", { name: "__Host-sid", cookie: { secure: false } }, "cookie.secure"],
    [
      "with a domain",
      { name: "__Host-sid", cookie: { secure: true, domain: "example.com" } },
      "cookie.domain",
    ],
    [
      "with another path",
      { name: "__Host-sid", cookie: { secure: true, path: "/app" } },
      "cookie.path",
    ],
    ["in lower case, without secure", { name: "__host-sid" }, "cookie.secure"],
    ["__Secure- without secure", { name: "__Secure-sid" }, "cookie.secure"],
  ])("is refused %s", (_, options, option) => {
    expect(() => nextSession(options)).toThrow(
      new RegExp(
        `^next-session: option "${option.replace(".", "\\.")}" must be .* for a cookie name starting with "__(Host|Secure)-"`,
      ),
    );
  });

  it("__Secure- allows a domain and any path", () => {
    const options = {
      name: "__Secure-sid",
      cookie: { secure: true, domain: "example.com", path: "/app" },
    };
    expect(() => nextSession(options)).not.toThrow();
  });
});
