import { describe, expect, it } from "vitest";
import { nextSession, type Options } from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import { sessionApp } from "./helpers/app.js";
import { parseSetCookie } from "./helpers/set-cookie.js";

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

  it("gives each nextSession() its own MemoryStore", () => {
    expect(resolveOptions().store).not.toBe(resolveOptions().store);
  });

  it("never writes into the caller's options", () => {
    const options: Options = { cookie: { maxAge: 10 } };
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
    [{ sameSite: "none" as const }, { path: "/", httponly: true, samesite: "None" }],
    [{ sameSite: true }, { path: "/", httponly: true, samesite: "Strict" }],
  ])("cookie %o → %o", async (cookie, attributes) => {
    const app = await sessionApp({ cookie });
    const response = await app.client().request();
    expect(parseSetCookie(response.setCookies[0] ?? "").attributes).toEqual(attributes);
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
    const attribute = parseSetCookie(response.setCookies[0] ?? "").attributes.expires;
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

describe("validation", () => {
  it.each([
    ["name", { name: "" }],
    ["name", { name: 42 }],
    ["store", { store: {} }],
    ["store", { store: "redis://localhost" }],
    ["store", { store: { get() {}, set() {}, destroy() {}, touch: 1 } }],
    ["genid", { genid: "x" }],
    ["encode", { encode: "x" }],
    ["decode", { decode: 1 }],
    ["touchAfter", { touchAfter: "10" }],
    ["touchAfter", { touchAfter: Number.NaN }],
    ["autoCommit", { autoCommit: "yes" }],
    ["cookie", { cookie: null }],
    ["cookie.secure", { cookie: { secure: "true" } }],
    ["cookie.httpOnly", { cookie: { httpOnly: 1 } }],
    ["cookie.path", { cookie: { path: 1 } }],
    ["cookie.domain", { cookie: { domain: 1 } }],
    ["cookie.sameSite", { cookie: { sameSite: "sometimes" } }],
    ["cookie.maxAge", { cookie: { maxAge: "3600" } }],
    ["cookie.maxAge", { cookie: { maxAge: Number.POSITIVE_INFINITY } }],
    ["name", { name: "my sid" }],
    ["name", { name: "sid;" }],
    ["cookie.path", { cookie: { path: "/a;b" } }],
    ["cookie.domain", { cookie: { domain: "exa mple.com" } }],
  ])("rejects a bad %s with a TypeError naming it", (option, options) => {
    expect(() => nextSession(options as Options)).toThrow(
      new RegExp(`^next-session: option "${option.replace(".", "\\.")}" must be`),
    );
    expect(() => nextSession(options as Options)).toThrow(TypeError);
  });

  it("rejects options that are not an object", () => {
    expect(() => nextSession("sid" as Options)).toThrow(TypeError);
  });

  it("accepts SameSite in any case, as the cookie package does", () => {
    expect(() => nextSession({ cookie: { sameSite: "Lax" as "lax" } })).not.toThrow();
  });
});
