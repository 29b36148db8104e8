import type { IncomingMessage } from "node:http";
import type { SessionState } from "./state.js";

/** Errors made by `storeError`: they already name the store call that failed. */
const namedStoreErrors = new WeakSet<Error>();

/**
 * An error that says which store call failed and where, with the store's own error as
 * `cause`. The session id is left out on purpose: it is a credential, and errors get logged.
 * A save makes several calls (the owner index, then the record): a `cause` that already
 * names its call is passed on as it is, rather than blamed on another.
 */
export function storeError(call: string, where: string, cause: unknown): Error {
  if (namedStoreErrors.has(cause as Error)) return cause as Error;
  const error = new Error(`next-session: ${call} failed ${where}`, { cause });
  namedStoreErrors.add(error);
  return error;
}

function logHookError(error: Error, hookError: unknown): void {
  console.error("next-session: the onError hook threw while handling", error, hookError);
}

/**
 * Hands a failure that no caller can catch (auto-commit's) to `onError`, with the request.
 * A hook that throws, or an async one that rejects (it is typed as returning void, which an
 * async function satisfies), is logged rather than allowed to become an unhandled rejection.
 */
export function reportStoreError(state: SessionState, error: Error): void {
  // Only sessions from getSession(req, res) auto-commit, so the input is Node's request.
  const req = state.input as IncomingMessage;
  try {
    const returned: unknown = state.options.onError(error, req);
    // A thenable rather than `instanceof Promise`: a promise of another realm (a VM
    // context, a bundler's sandbox) must be caught too.
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") {
      Promise.resolve(returned).catch((hookError: unknown) => logHookError(error, hookError));
    }
  } catch (hookError) {
    logHookError(error, hookError);
  }
}
