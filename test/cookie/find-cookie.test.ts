import { parseCookie } from "cookie";
import { describe, expect, it } from "vitest";
import { findCookie } from "../../src/cookie/cookie.js";

// findCookie replaces `parseCookie(header)[name]` on the hot path: it must agree with it.
describe("findCookie", () => {
  it.each([
    ["sid=abc", "sid"],
    ["a=1; sid=abc; b=2", "sid"],
    ["a=1;sid=abc", "sid"],
    ["  sid  =  abc  ; x=y", "sid"],
    ["\tsid\t=\tabc\t", "sid"],
    ["sid=first; sid=second", "sid"],
    ["xsid=1; sidx=2; sid=3", "sid"],
    ["sid", "sid"],
    ["sid;", "sid"],
    ["junk; sid=abc", "sid"],
    ["a; b; sid=abc", "sid"],
    ["a=1; junk; sid=abc", "sid"],
    ["sid=", "sid"],
    ["sid=;a=1", "sid"],
    ["=abc; sid=x", "sid"],
    ["sid=a=b=c", "sid"],
    ["sid=%E2%9C%93", "sid"],
    ["sid=%E2%9C", "sid"],
    ['sid="quoted"', "sid"],
    ["a=1", "sid"],
    ["", "sid"],
    ["=", "sid"],
    [";;;;", "sid"],
    ["s=1; si=2", "sid"],
    ["__proto__=x; sid=y", "__proto__"],
    ["my.session=1", "my.session"],
  ])("%j, %s", (header, name) => {
    expect(findCookie(header, name)).toBe(parseCookie(header)[name]);
  });

  it("agrees with parseCookie on generated headers", () => {
    // A small deterministic generator over the characters that matter to the grammar.
    const alphabet = ["s", "i", "d", "=", ";", " ", "\t", "%", "2", "0", "a", '"'];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i += 1) {
      const length = Math.floor(random() * 16);
      let header = "";
      for (let j = 0; j < length; j += 1)
        header += alphabet[Math.floor(random() * alphabet.length)];
      expect(findCookie(header, "sid"), header).toBe(parseCookie(header).sid);
    }
  });
});
