import type { IncomingMessage } from "node:http";
import type { ResolvedOptions } from "../options.js";

/**
 * An error that says which store call failed and where, with the store's own error as
 * `cause`. The session id is left out on purpose: it is a credential, and errors get logged.
 */
export function storeError(call: string, where: string, cause: unknown): Error {
  return new Error(`next-session: ${call} failed ${where}`, { cause });
}

/**
 * Hands a store failure that no caller can catch to `onError`. A hook that throws is
 * logged rather than allowed to become an unhandled rejection.
 */
export function reportStoreError(
  options: ResolvedOptions,
  req: IncomingMessage,
  error: Error,
): void {
  try {
    options.onError(error, req);
  } catch (hookError) {
    console.error("next-session: the onError hook threw while handling", error, hookError);
  }
}
