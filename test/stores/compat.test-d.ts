import type { ExpressTypedStore } from "connect-pg-simple";
import connectPgSimple from "connect-pg-simple";
import { RedisStore } from "connect-redis";
import { createClient } from "redis";
import { expectTypeOf, test } from "vitest";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import type { SessionStore } from "../../src/types.js";

// next-session 4 typed these loosely (`any`), so TypeScript users of stores typed against
// express-session compiled; our stricter types must still accept them.
test("stores typed against express-session go through promisifyStore", () => {
  expectTypeOf(promisifyStore).toBeCallableWith({} as ExpressTypedStore);
  expectTypeOf(promisifyStore({} as ExpressTypedStore)).toEqualTypeOf<SessionStore>();
  expectTypeOf(
    promisifyStore(new RedisStore({ client: createClient() })),
  ).toEqualTypeOf<SessionStore>();
});

test("the stand-in is accepted where express-session's middleware factory is expected", () => {
  const PgStore = connectPgSimple(expressSession);
  expectTypeOf(promisifyStore(new PgStore())).toEqualTypeOf<SessionStore>();
});
