import { describe, expect, it } from "vitest";
import { nextSession } from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import type { Options } from "../src/types.js";

describe("security options", () => {
  it.each<[string, unknown]>([
    ["an empty string", ""],
    ["a number", 42],
    ["an empty array", []],
    ["an array with an empty string", ["ok", ""]],
    ["an array with a number", ["ok", 1]],
    ["null", null],
  ])("rejects a secret that is %s", (_, secret) => {
    expect(() => nextSession({ secret } as unknown as Options)).toThrow(
      /^next-session: option "secret" must be a non-empty string/,
    );
  });

  it("never echoes the secret in an error", () => {
    expect(() => nextSession({ secret: ["hunter2", ""] })).toThrow(
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

  it("leaves the caller's options object alone", () => {
    const options: Options = { secret: ["a", "b"] };
    const copy = structuredClone(options);
    nextSession(options);
    expect(options).toEqual(copy);
  });
});

describe("resolveOptions without a signer (entry points without node:crypto)", () => {
  it("makes secret a clear error", () => {
    expect(() => resolveOptions({ secret: "s" })).toThrow(
      /^next-session: option "secret" is not supported by this entry point/,
    );
  });
});
