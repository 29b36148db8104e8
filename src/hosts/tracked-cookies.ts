/** The session cookie this library last put on a response, per cookie name. */
const kWrittenCookies = Symbol("next-session.writtenCookies");
/** The request whose response a Fetch `Headers` object is. */
const kRequest = Symbol("next-session.request");

interface Tracked {
  [kWrittenCookies]?: Map<string, string>;
  [kRequest]?: object;
}

/**
 * Marks `headers` as the response headers of `request`. Throws when they were given with
 * another request before: an app that keeps one `Headers` for every response would send one
 * visitor's session cookie to the next.
 */
export function claimResponseHeaders(headers: object, request: object): void {
  const tracked = headers as Tracked;
  const owner = tracked[kRequest];
  if (owner === request) return;
  if (owner !== undefined) {
    throw new Error(
      "next-session: these Headers were given to getSession() with another request, so another visitor's session cookie could go out with them. Create the response headers in the handler (new Headers()) for each request.",
    );
  }
  tracked[kRequest] = request;
}

/**
 * Records that `setCookie` is now our cookie `name` on `target` (a response or its
 * headers) and returns the value it replaces, if any, so that writing the cookie again in
 * one response (commit, then destroy, then a new session) replaces our earlier value: a
 * response never carries two session cookies, and cookies set by others are kept.
 */
export function trackSessionCookie(
  target: object,
  name: string,
  setCookie: string,
): string | undefined {
  const tracked = target as Tracked;
  tracked[kWrittenCookies] ??= new Map();
  const previous = tracked[kWrittenCookies].get(name);
  tracked[kWrittenCookies].set(name, setCookie);
  return previous;
}

/** Every session cookie written on `target`, in the order they were first written. */
export function trackedSessionCookies(target: object): Iterable<string> | undefined {
  return (target as Tracked)[kWrittenCookies]?.values();
}

/**
 * Forgets our cookie `name` on `target` and returns the value to take off the response, if
 * one was written.
 */
export function untrackSessionCookie(target: object, name: string): string | undefined {
  const written = (target as Tracked)[kWrittenCookies];
  const value = written?.get(name);
  written?.delete(name);
  return value;
}
