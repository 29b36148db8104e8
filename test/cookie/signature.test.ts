import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSigner } from "../../src/cookie/signature.js";

/** The express-session format, computed independently of the module under test. */
function expressSigned(id: string, secret: string): string {
  const mac = createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, "");
  return `s:${id}.${mac}`;
}

describe("createSigner", () => {
  const signer = createSigner(["current", "previous"]);

  it.each(["abc", "with.dots.inside", "ünïcødé", "x".repeat(300), "a b;c=d"])(
    "signs %j in express-session's format and reads it back",
    (id) => {
      expect(signer.sign(id)).toBe(expressSigned(id, "current"));
      expect(signer.unsign(signer.sign(id))).toBe(id);
    },
  );

  it("accepts a value signed with any listed secret", () => {
    expect(signer.unsign(expressSigned("abc", "previous"))).toBe("abc");
  });

  const signed = expressSigned("abc", "current");
  it.each([
    ["an unsigned id", "abc"],
    ["a value without the s: prefix", signed.slice(2)],
    ["a value without a signature", "s:abc"],
    ["an empty signature", "s:abc."],
    ["a changed id", signed.replace("abc", "abd")],
    ["a changed signature", `${signed.slice(0, -1)}${signed.endsWith("A") ? "B" : "A"}`],
    ["a truncated signature", signed.slice(0, -1)],
    ["a lengthened signature", `${signed}A`],
    ["a padded signature", `${signed}=`],
    ["an unknown secret", expressSigned("abc", "someone else")],
    ["a dot only", "s:."],
    ["the prefix only", "s:"],
    ["an empty string", ""],
  ])("rejects %s", (_, value) => {
    expect(signer.unsign(value)).toBeUndefined();
  });
});
