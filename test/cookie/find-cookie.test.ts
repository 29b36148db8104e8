import { parseCookie } from "cookie";
import { describe, expect, it } from "vitest";
import { findCookie } from "../../src/cookie/cookie.js";

/** Strips one pair of double quotes around a value, as express-session and 4.0.5 do. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * What findCookie must answer, from `cookie`'s own grammar applied pair by pair: the
 * (unquoted) value when every pair named `name` carries the same one, else undefined.
 */
function expected(header: string, name: string): string | undefined {
  const values = header
    .split(";")
    .map((pair) => parseCookie(pair, { decode: (raw) => raw })[name])
    .filter((raw) => raw !== undefined)
    .map((raw) => decode(unquote(raw)));
  const [first] = values;
  return values.every((value) => value === first) ? first : undefined;
}

// findCookie replaces `parseCookie(header)[name]` on the hot path: it splits, trims and
// decodes as `cookie` does, strips quotes, and refuses conflicting duplicates.
describe("findCookie", () => {
  it.each([
    ["sid=abc", "sid"],
    ["a=1; sid=abc; b=2", "sid"],
    ["a=1;sid=abc", "sid"],
    ["  sid  =  abc  ; x=y", "sid"],
    ["\tsid\t=\tabc\t", "sid"],
    ["sid=first; sid=second", "sid"],
    ["sid=same; a=1; sid=same", "sid"],
    ["sid=same; sid=%73ame", "sid"],
    ["sid=abc; sid=", "sid"],
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
    ['sid=""', "sid"],
    ['sid="', "sid"],
    ['sid="a"b"', "sid"],
    ['sid=" spaced "', "sid"],
    ['sid="%41"', "sid"],
    ["a=1", "sid"],
    ["", "sid"],
    ["=", "sid"],
    [";;;;", "sid"],
    ["s=1; si=2", "sid"],
    ["__proto__=x; sid=y", "__proto__"],
    ["my.session=1", "my.session"],
  ])("%j, %s", (header, name) => {
    expect(findCookie(header, name)).toBe(expected(header, name));
  });

  it.each<[string, string | undefined]>([
    ["sid=first; sid=second", undefined],
    ["sid=same; a=1; sid=same", "same"],
    ["sid=abc; sid=", undefined],
    ['sid="quoted"', "quoted"],
    ['sid="%41"', "A"],
    ['sid="', '"'],
    ["sid=%E2%9C%93", "\u2713"],
  ])("%j gives %j", (header, value) => {
    expect(findCookie(header, "sid")).toBe(value);
  });

  it("agrees with the pair-by-pair reading on generated headers", () => {
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
      expect(findCookie(header, "sid"), header).toBe(expected(header, "sid"));
    }
  });
});
