import type { ResolvedOptions } from "../options.js";
import type { Cookie, Session } from "../types.js";

/**
 * How one kind of host hands the session cookie in with a request and takes it out with
 * the response: Node's `req`/`res`, a Fetch `Request` and `Headers`, or a cookie store such
 * as Next.js's `cookies()`. The session core knows only this interface, so every host runs
 * the same load, commit and destroy code. There is one shared carrier object per kind of
 * host; a session keeps its request's `input` and `output`, so nothing else is allocated
 * per request.
 */
export interface Carrier<Input extends object, Output> {
  /** The raw value of cookie `name` sent with the request, if any. */
  readCookie(input: Input, name: string): string | undefined;
  /** The session already loaded for this request (and these options and output), if any. */
  recall(input: Input, options: ResolvedOptions, output: Output): Session | undefined;
  /** Keeps the request's session, so that asking again in the same request returns it. */
  remember(input: Input, session: Session): void;
  /** Lets it go after `destroy()`, so that a new session can be started. */
  forget(input: Input, session: Session): void;
  /**
   * Puts the session cookie on the response. Throws an `Error` saying what to do instead
   * when this host cannot set cookies, so that a lost write is never silent.
   */
  writeCookie(output: Output, name: string, value: string, cookie: Cookie): void;
}

/** Any carrier, as a session stores it: methods are checked per host where they are defined. */
export type AnyCarrier = Carrier<object, unknown>;
