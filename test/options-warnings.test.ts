/**
 * Development warnings for option values accepted only because next-session 4.0.5 accepted
 * them. Printed once per option per process, never in production; `NODE_ENV` is "test" here,
 * which counts as development. "Once per process" and "never in production" are checked in
 * child processes running the built package, where nothing else has warned before.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { nextSession, type Options } from "../src/index.js";

const TAIL = ' This warning is printed once, and never when NODE_ENV is "production".';

function warnings(options: unknown): unknown[][] {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  onTestFinished(() => warn.mockRestore());
  nextSession(options as Options);
  return warn.mock.calls;
}

describe("a project that passes no compatibility value prints nothing", () => {
  it.each<[string, Options]>([
    ["no options", {}],
    [
      "typical options",
      { name: "app.sid", touchAfter: 60, cookie: { maxAge: 3600, sameSite: "lax" } },
    ],
    [
      "a complete store with touch",
      {
        store: {
          get: async () => null,
          set: async () => {},
          destroy: async () => {},
          touch: async () => {},
        },
      },
    ],
    [
      "a complete store without touch",
      { store: { get: async () => null, set: async () => {}, destroy: async () => {} } },
    ],
    ["an empty path and domain", { cookie: { path: "", domain: "" } }],
    ["maxAge 0", { cookie: { maxAge: 0 } }],
    ["a secure __Host- cookie", { name: "__Host-sid", cookie: { secure: true, sameSite: "none" } }],
  ])("%s", (_, options) => {
    expect(warnings(options)).toEqual([]);
  });
});

// One row per option: each option warns once per process, so a second row would be silent.
describe("each option accepted for compatibility warns once, saying how it was read", () => {
  it.each<[string, unknown, string]>([
    [
      "options",
      null,
      'option "options" is null, read as {} (as next-session 4.0.5 read it); use an object instead.',
    ],
    [
      "name",
      { name: 42 },
      'option "name" is 42, read as "42" (as next-session 4.0.5 read it); use a string instead.',
    ],
    [
      "genid",
      { genid: null },
      'option "genid" is null, read as nanoid (the default) (as next-session 4.0.5 read it); use a function instead.',
    ],
    [
      "encode",
      { encode: 0 },
      'option "encode" is 0, read as unset (as next-session 4.0.5 read it); use a function instead.',
    ],
    [
      "decode",
      { decode: false },
      'option "decode" is false, read as unset (as next-session 4.0.5 read it); use a function instead.',
    ],
    [
      "onError",
      { onError: null },
      'option "onError" is null, read as the default (console.warn) (as next-session 4.0.5 read it); use a function instead.',
    ],
    [
      "touchAfter",
      { touchAfter: "3600" },
      'option "touchAfter" is "3600", read as 3600 seconds (as next-session 4.0.5 read it); use a number of seconds instead.',
    ],
    [
      "autoCommit",
      { autoCommit: 0 },
      'option "autoCommit" is 0, read as false (as next-session 4.0.5 read it); use true or false instead.',
    ],
    [
      "cookie",
      { cookie: "secure" },
      'option "cookie" is "secure", read as {} (as next-session 4.0.5 read it); use an object instead.',
    ],
    [
      "cookie.secure",
      { cookie: { secure: "false" } },
      'option "cookie.secure" is "false", read as true (as next-session 4.0.5 read it); use true or false instead.',
    ],
    [
      "cookie.httpOnly",
      { cookie: { httpOnly: null } },
      'option "cookie.httpOnly" is null, read as true (as next-session 4.0.5 read it); use true or false instead.',
    ],
    [
      "cookie.path",
      { cookie: { path: null } },
      'option "cookie.path" is null, read as "/" (as next-session 4.0.5 read it); use a string instead.',
    ],
    [
      "cookie.domain",
      { cookie: { domain: null } },
      'option "cookie.domain" is null, read as unset (as next-session 4.0.5 read it); use a string instead.',
    ],
    [
      "cookie.sameSite",
      { cookie: { sameSite: 0 } },
      'option "cookie.sameSite" is 0, read as unset (as next-session 4.0.5 read it); use true, false, "lax", "strict" or "none" instead.',
    ],
    [
      "cookie.maxAge",
      { cookie: { maxAge: "60" } },
      'option "cookie.maxAge" is "60", read as 60 seconds (as next-session 4.0.5 read it); use a number of seconds instead.',
    ],
    [
      "absoluteTimeout",
      { absoluteTimeout: "3600" },
      'option "absoluteTimeout" is "3600", read as 3600 seconds (as next-session 4.0.5 read such values in its options); use a number of seconds instead.',
    ],
    [
      "owner",
      { owner: null },
      'option "owner" is null, read as unset (as next-session 4.0.5 read such values in its options); use a function instead.',
    ],
  ])("%s", (_, options, message) => {
    expect(warnings(options)).toEqual([[`next-session: ${message}${TAIL}`]]);
  });

  it("store: names each missing method and a touch that is not a function", () => {
    const store = { get: async () => null, set: async () => {}, touch: null };
    expect(warnings({ store })).toEqual([
      [
        `next-session: option "store" has no destroy() method (calls that need it will reject) and a touch that is not a function (read as absent); see "Writing a store" in the README.${TAIL}`,
      ],
    ]);
  });

  it("secret: given but empty (in production this is an error)", () => {
    expect(warnings({ secret: "" })).toEqual([
      [
        'next-session: option "secret" is given but empty (is its environment variable set?): ids are sent unsigned. In production this is an error.',
      ],
    ]);
  });

  it('cookie.sameSite: "none" without secure, which browsers refuse', () => {
    expect(warnings({ cookie: { sameSite: "none" } })).toEqual([
      [
        'next-session: option "cookie.sameSite" is "none" without "cookie.secure": browsers refuse such a cookie, so sessions will not be kept; set secure: true.',
      ],
    ]);
  });
});

/** Runs `body` in a fresh Node process with the built package; resolves to its stderr. */
async function stderrOf(body: string, env: Record<string, string>): Promise<string> {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  const script = `
    import { createRequire } from "node:module";
    const esm = await import(${JSON.stringify(`${dist}index.js`)});
    const esmAgain = await import(${JSON.stringify(`${dist}index.js?evaluated-again`)});
    const cjs = createRequire(import.meta.url)(${JSON.stringify(`${dist}index.cjs`)});
    ${body}
  `;
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script],
    { timeout: 10_000, env: { PATH: process.env.PATH ?? "", ...env } },
  );
  return stderr;
}

const LOOSE = `{ autoCommit: 0, touchAfter: "60", cookie: { maxAge: "60", secure: null }, store: { get: async () => null, set: async () => {} } }`;

describe("in a process of its own", () => {
  it("a warning is printed once, by every copy of the package (ESM, CJS, evaluated again)", async () => {
    const stderr = await stderrOf(
      `for (const { nextSession } of [esm, esm, esmAgain, cjs]) nextSession({ autoCommit: 0 });`,
      { NODE_ENV: "development" },
    );
    expect(stderr.trim().split("\n")).toEqual([
      `next-session: option "autoCommit" is 0, read as false (as next-session 4.0.5 read it); use true or false instead.${TAIL}`,
    ]);
  });

  it.each([["production"], ["development"]])(
    "nothing is printed in %s when no compatibility value is used",
    async (nodeEnv) => {
      const stderr = await stderrOf(
        "esm.nextSession(); cjs.nextSession({ cookie: { maxAge: 3600 } });",
        { NODE_ENV: nodeEnv },
      );
      expect(stderr).toBe("");
    },
  );

  it("nothing is printed in production, whatever the values", async () => {
    const stderr = await stderrOf(
      `esm.nextSession(${LOOSE}); cjs.nextSession(${LOOSE}); esm.nextSession({ cookie: { sameSite: "none" } });`,
      { NODE_ENV: "production" },
    );
    expect(stderr).toBe("");
  });

  it("without NODE_ENV (development), the same values print one warning per option", async () => {
    const stderr = await stderrOf(`esm.nextSession(${LOOSE}); cjs.nextSession(${LOOSE});`, {});
    const options = [...stderr.matchAll(/^next-session: option "([\w.]+)"/gm)].map((m) => m[1]);
    expect(options).toEqual([
      "cookie.secure",
      "cookie.maxAge",
      "store",
      "touchAfter",
      "autoCommit",
    ]);
  });
});
