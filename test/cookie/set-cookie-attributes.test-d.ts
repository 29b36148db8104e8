import { expectTypeOf, test } from "vitest";
import type { SET_COOKIE_ATTRIBUTES } from "../../src/cookie/cookie.js";
import type { Cookie } from "../../src/types.js";

// The Set-Cookie attributes cache reuses its last text while the fields in this list are
// unchanged: a Cookie field missing from the list would be served stale.
test("every Cookie field but maxAge is a Set-Cookie attribute that the cache compares", () => {
  expectTypeOf<(typeof SET_COOKIE_ATTRIBUTES)[number] | "maxAge">().toEqualTypeOf<keyof Cookie>();
});
