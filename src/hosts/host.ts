import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session } from "../types.js";

/**
 * How one kind of host hands the session cookie in with a request and takes it out with
 * the response: Node's `req`/`res`, a Fetch `Request` and `Headers`, or a cookie store such
 * as Next.js's `cookies()`. The session core knows only this interface, so every host runs
 * the same load, commit and destroy code. A session keeps its request's `input` and
 * `output`, so a carrier is one shared object per kind of host.
 */
export interface Carrier<Input extends object, Output> {
  /** The raw value of cookie `name` sent with the request, if any. */
  readCookie(input: Input, name: string): string | undefined;
  /** The session already loaded for this request (and these options and output), if any. */
  recall(input: Input, options: ResolvedOptions, output: Output): Session | undefined;
  /** Keeps the request's session, so that asking again in the same request returns it. */
  remember(input: Input, session: Session, options: ResolvedOptions, output: Output): void;
  /** Lets it go after `destroy()`, so that a new session can be started. */
  forget(input: Input, session: Session): void;
  /**
   * Puts the session cookie on the response. Throws an `Error` saying what to do instead
   * when this host cannot set cookies, so that a lost write is never silent.
   */
  writeCookie(output: Output, name: string, value: string, cookie: Cookie): void;
  /**
   * Takes the session cookie written on this response back off it, or where the host
   * cannot, expires it (`cookie` gives its path and domain): the session it names turned
   * out to be gone from the store.
   */
  retractCookie(output: Output, name: string, cookie: Cookie): void;
}

/** A host as one `nextSession()` call uses it: its carrier, and what its options make of it. */
export interface BoundHost<Input extends object = object, Output = unknown> {
  readonly carrier: Carrier<Input, Output>;
  /** Whether the end of the response saves the session (only Node's `res` can tell us). */
  readonly autoCommit: boolean;
  /**
   * Where the cookie goes out, from `getSession`'s arguments: the second one, except for a
   * cookie store, which is both.
   */
  outputOf(input: Input, output: unknown): Output;
  /** Runs once for each session loaded here, e.g. to hook the response's end. */
  readonly afterLoad: ((session: Session, output: Output) => void) | undefined;
}

/**
 * One kind of place `getSession` serves. To add one, write its module in this folder and
 * list it in `registry.ts` (and give `GetSession` an overload for its arguments).
 */
export interface Host<Input extends object = object, Output = unknown> {
  /** Whether `getSession(input, output)` was called with this host's objects. */
  matches(input: unknown, output: unknown): boolean;
  /** The host for one `nextSession()` call, built once, when it runs. */
  bind(options: ResolvedOptions): BoundHost<Input, Output>;
}
