import { describe, expect, it, onTestFinished, vi } from "vitest";
import { nextSession, type Options } from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import { sessionApp } from "./helpers/app.js";
import { sessionCookieOf } from "./helpers/set-cookie.js";

describe("defaults", () => {
  it("uses the documented defaults", () => {
    const resolved = resolveOptions();
    expect(resolved).toMatchObject({
      name: "sid",
      touchAfterMs: -1,
      autoCommit: true,
      maxAge: undefined,
      cookie: { path: "/", httpOnly: true, secure: false, domain: undefined, sameSite: undefined },
    });
    expect(resolved.store.constructor.name).toBe("MemoryStore");
    expect(resolved.genid()).toMatch(/^[\w-]{21}$/);
  });

  it("gives every nextSession() with the same cookie name one MemoryStore per process", () => {
    expect(resolveOptions().store).toBe(resolveOptions().store);
    expect(resolveOptions({ name: "other" }).store).not.toBe(resolveOptions().store);
  });

  it("never writes into the caller's options", () => {
    const options: Options = { cookie: { maxAge: 10 }, secret: ["a", "b"] };
    const snapshot = structuredClone(options);
    nextSession(options);
    expect(options).toEqual(snapshot);
  });

  it("treats an empty cookie path or domain as unset, as 4.0.5 did", () => {
    expect(resolveOptions({ cookie: { path: "", domain: "" } }).cookie).toMatchObject({
      path: "/",
      domain: undefined,
    });
  });

  it("converts touchAfter from seconds to milliseconds", () => {
    expect(resolveOptions({ touchAfter: 0 }).touchAfterMs).toBe(0);
    expect(resolveOptions({ touchAfter: 30 }).touchAfterMs).toBe(30_000);
  });
});

describe("cookie options reach Set-Cookie", () => {
  it.each([
    [{}, { path: "/", httponly: true }],
    [{ path: "/app" }, { path: "/app", httponly: true }],
    [{ httpOnly: false }, { path: "/" }],
    [{ secure: true }, { path: "/", httponly: true, secure: true }],
    [{ domain: "example.test" }, { path: "/", httponly: true, domain: "example.test" }],
    [{ sameSite: "lax" as const }, { path: "/", httponly: true, samesite: "Lax" }],
    [{ sameSite: "strict" as const }, { path: "/", httponly: true, samesite: "Strict" }],
    [
      { sameSite: "none" as const, secure: true },
      { path: "/", httponly: true, samesite: "None", secure: true },
    ],
    [{ sameSite: true }, { path: "/", httponly: true, samesite: "Strict" }],
  ])("cookie %o → %o", async (cookie, attributes) => {
    const app = await sessionApp({ cookie });
    const response = await app.client().request();
    expect(sessionCookieOf(response).attributes).toEqual(attributes);
  });

  it("turns cookie.maxAge (seconds) into cookie.expires and the Expires attribute", async () => {
    let expires: Date | undefined;
    const before = Date.now();
    const app = await sessionApp({ cookie: { maxAge: 3600 } }, (session, _req, res) => {
      session.user = "ada";
      expires = session.cookie.expires;
      res.end();
    });
    const response = await app.client().request();
    expect(expires).toBeInstanceOf(Date);
    expect(expires?.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(expires?.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    const attribute = sessionCookieOf(response).attributes.expires;
    expect(attribute).toBe(expires?.toUTCString());
  });

  it("uses the cookie name option", async () => {
    const app = await sessionApp({ name: "app.sid" });
    const client = app.client();
    await client.request();
    expect([...client.jar.keys()]).toEqual(["app.sid"]);
    expect((await client.request()).body).toBe("2");
  });

  it("uses genid for new sessions", async () => {
    let n = 0;
    const app = await sessionApp({ genid: () => `custom-${++n}` });
    const client = app.client();
    await client.request();
    expect(client.jar.get("sid")).toBe("custom-1");
  });

  it("applies encode to the cookie and decode when reading it", async () => {
    const app = await sessionApp({
      encode: (sid) => `enc.${sid}`,
      decode: (raw) => (raw.startsWith("enc.") ? raw.slice(4) : null),
    });
    const client = app.client();
    await client.request();
    expect(client.jar.get("sid")).toMatch(/^enc\./);
    expect((await client.request()).body).toBe("2");
    client.jar.set("sid", "tampered");
    expect((await client.request()).body).toBe("1");
  });

  it("starts a new session when decode throws", async () => {
    const app = await sessionApp({
      decode: () => {
        throw new Error("bad signature");
      },
    });
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("1");
  });
});

describe("values next-session 4.0.5 accepted are read the way it read them", () => {
  const defaults = resolveOptions();
  it.each<[string, unknown, Record<string, unknown>]>([
    ["null options", null, {}],
    ["string options", "sid", {}],
    ["name: null", { name: null }, { name: "sid" }],
    ['name: ""', { name: "" }, { name: "sid" }],
    ["name: 42", { name: 42 }, { name: "42" }],
    ["genid: null", { genid: null }, { genid: defaults.genid }],
    ["encode: 0", { encode: 0 }, { encode: undefined }],
    ["decode: null", { decode: null }, { decode: undefined }],
    ["touchAfter: null", { touchAfter: null }, { touchAfterMs: -1 }],
    ['touchAfter: "3600"', { touchAfter: "3600" }, { touchAfterMs: 3_600_000 }],
    ['touchAfter: "0"', { touchAfter: "0" }, { touchAfterMs: 0 }],
    ['touchAfter: "abc"', { touchAfter: "abc" }, { touchAfterMs: -1 }],
    ["touchAfter: NaN", { touchAfter: Number.NaN }, { touchAfterMs: -1 }],
    ["touchAfter: -5", { touchAfter: -5 }, { touchAfterMs: -1 }],
    ["autoCommit: null", { autoCommit: null }, { autoCommit: true }],
    ["autoCommit: 0", { autoCommit: 0 }, { autoCommit: false }],
    ['autoCommit: "false"', { autoCommit: "false" }, { autoCommit: true }],
    ["onError: null", { onError: null }, { onError: defaults.onError }],
    ["cookie: null", { cookie: null }, { cookie: defaults.cookie, maxAge: undefined }],
    ['cookie: "x"', { cookie: "x" }, { cookie: defaults.cookie }],
    ["cookie.secure: null", { cookie: { secure: null } }, { cookie: { secure: false } }],
    ['cookie.secure: "false"', { cookie: { secure: "false" } }, { cookie: { secure: true } }],
    ["cookie.httpOnly: null", { cookie: { httpOnly: null } }, { cookie: { httpOnly: true } }],
    ["cookie.httpOnly: 0", { cookie: { httpOnly: 0 } }, { cookie: { httpOnly: false } }],
    ["cookie.path: null", { cookie: { path: null } }, { cookie: { path: "/" } }],
    ["cookie.path: 1", { cookie: { path: 1 } }, { cookie: { path: "1" } }],
    ["cookie.domain: null", { cookie: { domain: null } }, { cookie: { domain: undefined } }],
    ["cookie.sameSite: null", { cookie: { sameSite: null } }, { cookie: { sameSite: undefined } }],
    ['cookie.sameSite: ""', { cookie: { sameSite: "" } }, { cookie: { sameSite: undefined } }],
    ["cookie.sameSite: false", { cookie: { sameSite: false } }, { cookie: { sameSite: false } }],
    ['cookie.sameSite: "Lax"', { cookie: { sameSite: "Lax" } }, { cookie: { sameSite: "Lax" } }],
    ["cookie.maxAge: null", { cookie: { maxAge: null } }, { maxAge: undefined }],
    ["cookie.maxAge: 0", { cookie: { maxAge: 0 } }, { maxAge: undefined }],
    ['cookie.maxAge: ""', { cookie: { maxAge: "" } }, { maxAge: undefined }],
    ['cookie.maxAge: "0"', { cookie: { maxAge: "0" } }, { maxAge: undefined }],
    ['cookie.maxAge: "60"', { cookie: { maxAge: "60" } }, { maxAge: 60 }],
    ["cookie.maxAge: true", { cookie: { maxAge: true } }, { maxAge: 1 }],
    ["cookie.maxAge: 1.5", { cookie: { maxAge: 1.5 } }, { maxAge: 1.5 }],
    ["cookie.maxAge: NaN", { cookie: { maxAge: Number.NaN } }, { maxAge: undefined }],
    ["owner: null", { owner: null }, { owner: undefined, keepsMetadata: false }],
    ["describe: false", { describe: false }, { describe: undefined }],
    ["absoluteTimeout: 0", { absoluteTimeout: 0 }, { absoluteTimeoutMs: undefined }],
    ["absoluteTimeout: null", { absoluteTimeout: null }, { keepsMetadata: false }],
    ['absoluteTimeout: "60"', { absoluteTimeout: "60" }, { absoluteTimeoutMs: 60_000 }],
    ["absoluteTimeout: 1.5", { absoluteTimeout: 1.5 }, { absoluteTimeoutMs: 1500 }],
  ])("%s", (_, options, resolved) => {
    silenceWarnings();
    expect(resolveOptions(options as Options)).toMatchObject(resolved);
  });
});

describe("start-up errors: only for values that could never work", () => {
  it.each<[string, unknown]>([
    ["name", { name: "my sid" }],
    ["name", { name: "sid;" }],
    ["name", { name: "a=b" }],
    ["name", { name: "sid\n" }],
    ["name", { name: "séance" }],
    ["name", { name: {} }],
    ["name", { name: Symbol("sid") }],
    ["store", { store: "redis://localhost" }],
    ["store", { store: 42 }],
    ["store", { store: {} }],
    ["store", { store: { destroy: async () => {} } }],
    ["store", { store: Promise.resolve({}) }],
    ["store", { store: class Store {} }],
    ["genid", { genid: "x" }],
    ["encode", { encode: "x" }],
    ["decode", { decode: 1 }],
    ["onError", { onError: "log" }],
    ["touchAfter", { touchAfter: Symbol("never") }],
    ["cookie.path", { cookie: { path: "/a;b" } }],
    ["cookie.path", { cookie: { path: "/a\r\nSet-Cookie: x=1" } }],
    ["cookie.path", { cookie: { path: "/a<b" } }],
    ["cookie.domain", { cookie: { domain: "exa mple.com" } }],
    ["cookie.domain", { cookie: { domain: "localhost:3000" } }],
    ["cookie.domain", { cookie: { domain: "example.com\r\nX: 1" } }],
    ["cookie.sameSite", { cookie: { sameSite: "sometimes" } }],
    ["cookie.sameSite", { cookie: { sameSite: 1 } }],
    ["cookie.maxAge", { cookie: { maxAge: "3600s" } }],
    ["cookie.maxAge", { cookie: { maxAge: -1 } }],
    ["cookie.maxAge", { cookie: { maxAge: {} } }],
    ["cookie.maxAge", { cookie: { maxAge: Number.POSITIVE_INFINITY } }],
    ["cookie.maxAge", { cookie: { maxAge: 1e13 } }],
    ["cookie.maxAge", { cookie: { maxAge: Symbol("forever") } }],
    ["owner", { owner: "user.id" }],
    ["describe", { describe: {} }],
    ["absoluteTimeout", { absoluteTimeout: -1 }],
    ["absoluteTimeout", { absoluteTimeout: "30d" }],
    ["absoluteTimeout", { absoluteTimeout: Number.POSITIVE_INFINITY }],
  ])("%s: %o", (option, options) => {
    const attempt = () => nextSession(options as Options);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(
      new RegExp(`^next-session: option "${option.replace(".", "\\.")}" must be`),
    );
  });

  it("names the value that failed, never the cookie package's wording", () => {
    expect(() => nextSession({ cookie: { path: "/a;b" } })).toThrow(
      new TypeError(
        'next-session: option "cookie.path" must be a cookie path: ASCII characters except control characters, ";" and "<", got "/a;b"',
      ),
    );
  });

  it("keeps metadata only when owner or absoluteTimeout is set", () => {
    expect(resolveOptions().keepsMetadata).toBe(false);
    expect(resolveOptions({ describe: () => "device" }).keepsMetadata).toBe(false);
    expect(resolveOptions({ owner: () => "ada" }).keepsMetadata).toBe(true);
    expect(resolveOptions({ absoluteTimeout: 60 }).keepsMetadata).toBe(true);
  });

  it("accepts the largest maxAge whose expiry is still a valid date", () => {
    expect(resolveOptions({ cookie: { maxAge: 1e12 } }).maxAge).toBe(1e12);
  });

  it("accepts SameSite in any case, as the cookie package does", () => {
    expect(() => nextSession({ cookie: { sameSite: "Lax" as "lax" } })).not.toThrow();
  });
});

/** Compatibility warnings are tested in options-warnings.test.ts; here they would be noise. */
function silenceWarnings(): void {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  onTestFinished(() => warn.mockRestore());
}
