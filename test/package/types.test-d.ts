import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expectTypeOf, it } from "vitest";
import nextSessionDefault, {
  type GetSession,
  MemoryStore,
  type MemoryStoreOptions,
  nextSession,
  type Options,
  type Session,
  type SessionData,
  type SessionRecord,
  type SessionStore,
} from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";

describe("public types", () => {
  it("exports the factory as default and by name", () => {
    expectTypeOf(nextSessionDefault).toEqualTypeOf(nextSession);
    expectTypeOf(nextSession).parameter(0).toEqualTypeOf<Options | undefined>();
  });

  it("returns getSession(req, res): Promise<Session<T>>", () => {
    const getSession = nextSession<{ views: number; user?: { name: string } }>();
    expectTypeOf(getSession).toEqualTypeOf<
      GetSession<{ views: number; user?: { name: string } }>
    >();
    // getSession is overloaded (see get-session.test-d.ts): check the req/res call itself.
    const returned = getSession({} as IncomingMessage, {} as ServerResponse);
    type Returned = Awaited<typeof returned>;
    expectTypeOf<Returned["views"]>().toEqualTypeOf<number>();
    expectTypeOf<Returned["user"]>().toEqualTypeOf<{ name: string } | undefined>();
    expectTypeOf<Returned["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Returned["commit"]>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Returned["destroy"]>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Returned["touch"]>().toEqualTypeOf<() => void>();
    expectTypeOf<Returned["regenerate"]>().toEqualTypeOf<() => Promise<void>>();
  });

  it("types the security options", () => {
    // An environment variable is `string | undefined`: the TSDoc example must compile.
    expectTypeOf<Options["secret"]>().toEqualTypeOf<
      string | readonly (string | undefined)[] | undefined
    >();
    expectTypeOf<NonNullable<Options["onError"]>>().toEqualTypeOf<
      (error: Error, req: IncomingMessage) => void
    >();
    expectTypeOf(MemoryStore).constructorParameters.toEqualTypeOf<[options?: MemoryStoreOptions]>();
  });

  it("types user fields loosely without a generic", () => {
    expectTypeOf<Session["anything"]>().toBeAny();
    expectTypeOf<SessionRecord[string]>().toBeAny();
  });

  it("narrows cookie.expires to a Date when maxAge is set", () => {
    const session = {} as Session;
    if (session.cookie.maxAge !== undefined)
      expectTypeOf(session.cookie.expires).toEqualTypeOf<Date>();
    expectTypeOf(session.cookie.httpOnly).toEqualTypeOf<boolean>();
  });

  it("describes stores", () => {
    expectTypeOf(new MemoryStore()).toMatchTypeOf<SessionStore>();
    expectTypeOf<MemoryStore["store"]>().toEqualTypeOf<Map<string, string>>();
    expectTypeOf<SessionStore["get"]>().returns.toEqualTypeOf<
      Promise<SessionData | null | undefined>
    >();
    expectTypeOf(promisifyStore).returns.toEqualTypeOf<SessionStore>();
    class CustomStore implements SessionStore {
      async get(_sid: string) {
        return null;
      }
      async set(_sid: string, _sess: SessionData) {}
      async destroy(_sid: string) {}
    }
    expectTypeOf(new CustomStore()).toMatchTypeOf<SessionStore>();
  });

  it("accepts the options of 4.0.5 and rejects wrong ones", () => {
    nextSession({
      name: "sid",
      store: new MemoryStore(),
      genid: () => "id",
      encode: (sid) => sid,
      decode: (raw) => (raw ? raw : null),
      touchAfter: 60,
      autoCommit: false,
      cookie: {
        secure: true,
        httpOnly: true,
        path: "/",
        domain: "example.com",
        sameSite: "lax",
        maxAge: 60,
      },
    });
    // @ts-expect-error: maxAge is a number of seconds
    nextSession({ cookie: { maxAge: "1h" } });
    // @ts-expect-error: unknown SameSite value
    nextSession({ cookie: { sameSite: "sometimes" } });
  });

  it("offers the express-session stand-in", () => {
    expectTypeOf(expressSession).toBeCallableWith({ secret: "x" });
    expectTypeOf(new expressSession.Store()).toHaveProperty("emit");
  });
});
