import type { SessionCookieAttributes, SessionCookieStore } from "../../src/index.js";

/** A GET request to a made-up origin, carrying `cookie` as its Cookie header if given. */
export function requestWith(cookie?: string): Request {
  return new Request("http://app.test/", cookie === undefined ? {} : { headers: { cookie } });
}

/**
 * A stand-in for the store Next.js's `cookies()` returns where cookies may be set: it reads
 * the request's cookies and records each `set` as the response would carry it.
 */
export class FakeCookieStore implements SessionCookieStore {
  readonly sets: Array<{ name: string; value: string; attributes: SessionCookieAttributes }> = [];
  private readonly values: Map<string, string>;

  constructor(cookies: Record<string, string> = {}) {
    this.values = new Map(Object.entries(cookies));
  }

  get(name: string): { name: string; value: string } | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : { name, value };
  }

  set(name: string, value: string, attributes: SessionCookieAttributes): this {
    this.values.set(name, value);
    this.sets.push({ name, value, attributes });
    return this;
  }
}

/** The read-only store of a Server Component: Next.js throws on `set`. */
export class ReadOnlyCookieStore extends FakeCookieStore {
  override set(): this {
    throw new Error("Cookies can only be modified in a Server Action or Route Handler.");
  }
}
