import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_ID_LENGTH } from "../../src/cookie/session-id.js";
import { createSigner } from "../../src/cookie/signature.js";
import { MemoryStore, nextSession } from "../../src/index.js";
import type { Options, SessionStore } from "../../src/types.js";
import { exchange } from "../helpers/exchange.js";
import { serve } from "../helpers/server.js";
import { cookiePair } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

/**
 * Runs per property. Fixed seeds would hide new cases; fast-check prints the seed and
 * path of a failure, so a failing case can be replayed.
 */
const RUNS = 200;
const HTTP_RUNS = 60;

/** Ids from any generator: any Unicode text (no lone surrogates), up to the bound. */
const anyId = fc.string({ unit: "grapheme", minLength: 1, maxLength: 64 });
const anySecret = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
/**
 * Method names are shadowed on a session, `cookie` is not user data, and assigning to
 * `__proto__` sets the prototype rather than a field (stored `__proto__` keys are covered
 * in the hostile-input tests).
 */
const RESERVED = new Set(["cookie", "id", "commit", "touch", "destroy", "regenerate", "__proto__"]);
const sessionFields = fc.dictionary(
  fc.string({ unit: "grapheme", maxLength: 12 }).filter((key) => !RESERVED.has(key)),
  fc.jsonValue(),
  { maxKeys: 6 },
);

describe("properties", () => {
  it("a signed id reads back, under any listed secret; any one-character change is refused", () => {
    fc.assert(
      fc.property(
        anyId,
        fc.array(anySecret, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        (id, secrets, at, delta) => {
          const [first, ...rest] = secrets as [string, ...string[]];
          const signed = createSigner([first]).sign(id);
          // The signing secret listed last: any listed secret verifies.
          const verifier = createSigner([...rest, first] as unknown as [string, ...string[]]);
          expect(verifier.unsign(signed)).toBe(id);
          const index = at % signed.length;
          const code = signed.charCodeAt(index);
          const changed = `${signed.slice(0, index)}${String.fromCharCode((code + 1 + (delta % 90)) % 0xd800)}${signed.slice(index + 1)}`;
          expect(createSigner([first]).unsign(changed)).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("no Cookie header makes getSession fail, whatever the options, even with a store that refuses control characters", async () => {
    const memory = new MemoryStore();
    await memory.set("known", {
      cookie: { httpOnly: true, path: "/", secure: false },
      user: "ada",
    });
    // As PostgreSQL's text type does with NUL: the lookup itself fails.
    const known: SessionStore = {
      get: (sid) =>
        /\p{Cc}/u.test(sid) ? Promise.reject(new Error("invalid byte sequence")) : memory.get(sid),
      set: (sid, sess) => memory.set(sid, sess),
      destroy: (sid) => memory.destroy(sid),
    };
    const variants: Options[] = [
      { store: known },
      { store: known, secret: ["a", "b"] },
      {
        store: known,
        decode: (value) => {
          if (value.length % 2) throw new Error("odd");
          return value.slice(1);
        },
      },
    ];
    const getters = variants.map((options) => nextSession(options));
    const header = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc
        .array(
          fc.tuple(
            fc.oneof(fc.constant("sid"), fc.string({ unit: "binary", maxLength: 8 })),
            fc.oneof(fc.constant("known"), fc.string({ unit: "binary", maxLength: 40 })),
          ),
          { maxLength: 5 },
        )
        .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("; ")),
      fc.nat({ max: 5000 }).map((length) => `sid=${"x".repeat(length)}`),
    );
    await fc.assert(
      fc.asyncProperty(header, fc.nat({ max: variants.length - 1 }), async (cookie, which) => {
        const { req, res } = exchange({ cookie });
        const session = await (getters[which] as (typeof getters)[number])(req, res);
        expect(typeof session.id).toBe("string");
        expect(session.id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
        expect(({} as Record<string, unknown>).user).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("whatever a store answers, getSession gives a usable session", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withDate: true, withNullPrototype: true }), async (record) => {
        const store = testStore({ answer: record });
        const getSession = nextSession({ store, touchAfter: 0, cookie: { maxAge: 60 } });
        const { req, res } = exchange({ cookie: "sid=known" });
        const session = await getSession(req, res);
        session.touch();
        expect(typeof session.cookie).toBe("object");
        const { expires } = session.cookie;
        expect(expires === undefined ? "none" : expires.getTime()).not.toBeNaN();
      }),
      { numRuns: RUNS },
    );
  });

  it("over HTTP, any id and any JSON data round-trip through the cookie and the store", async () => {
    let nextId = "";
    let written: Record<string, unknown> = {};
    const getSession = nextSession({
      genid: () => nextId,
      secret: "round trip",
      store: new MemoryStore(),
    });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      if (req.method === "POST") Object.assign(session, written);
      const { cookie: _cookie, ...fields } = session;
      res.end(JSON.stringify({ id: session.id, fields }));
    });
    await fc.assert(
      fc.asyncProperty(anyId, sessionFields, async (id, fields) => {
        nextId = id;
        // Always one field, so that the session is stored and the cookie sent.
        written = { ...fields, marker: 1 };
        const first = await fetch(server.url, { method: "POST" });
        await first.text();
        const again = await fetch(server.url, { headers: { cookie: cookiePair(first) } });
        const body = (await again.json()) as { id: string; fields: Record<string, unknown> };
        expect(body.id).toBe(id);
        expect(JSON.stringify(body.fields)).toBe(
          JSON.stringify(JSON.parse(JSON.stringify(written))),
        );
      }),
      { numRuns: HTTP_RUNS },
    );
  });
});
