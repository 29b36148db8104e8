import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signs session ids for the cookie and checks them on the way back. The only module that
 * needs `node:crypto`: a runtime without it can supply another `IdSigner`.
 */
export interface IdSigner {
  /** The cookie value that carries `id`. */
  sign(id: string): string;
  /** The id a cookie value carries, or undefined when it is unsigned or tampered with. */
  unsign(value: string): string | undefined;
}

/**
 * Turns the `secret` option into a signer. Passed in by the entry point rather than
 * imported, so that options.ts never loads `node:crypto`: an entry point for a runtime
 * without it passes its own factory, or none, and `secret` is then a clear error.
 */
export type SignerFactory = (secrets: readonly [string, ...string[]]) => IdSigner;

/**
 * express-session's signed cookie value, so that both libraries read each other's cookies
 * with the same secret: `s:` + id + `.` + the base64 HMAC-SHA256 of the id under the
 * secret, without `=` padding.
 */
const PREFIX = "s:";

function mac(id: string, secret: string): string {
  return createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, "");
}

/** Compares in time that depends only on the lengths, which are public (a MAC's is fixed). */
function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * An `IdSigner` for the given secrets: it signs with the first and accepts any, so a
 * secret can be rotated by putting the new one first and removing the old one later.
 */
export function createSigner(secrets: readonly [string, ...string[]]): IdSigner {
  const [current] = secrets;
  return {
    sign: (id) => `${PREFIX}${id}.${mac(id, current)}`,
    unsign(value) {
      if (!value.startsWith(PREFIX)) return undefined;
      const dot = value.lastIndexOf(".");
      if (dot < PREFIX.length) return undefined;
      const id = value.slice(PREFIX.length, dot);
      const signature = value.slice(dot + 1);
      for (const secret of secrets) {
        if (safeEqual(mac(id, secret), signature)) return id;
      }
      return undefined;
    },
  };
}
