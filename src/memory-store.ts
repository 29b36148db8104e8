import type { SessionData, SessionStore } from "./types.js";

function reviveCookieExpires(record: SessionData): SessionData {
  // JSON turned the Date into a string; only this one field is revived, so user fields
  // that happen to be called "expires" come back exactly as they were stored.
  const cookie = record.cookie as { expires?: unknown } | undefined;
  if (typeof cookie?.expires === "string") cookie.expires = new Date(cookie.expires);
  return record;
}

/**
 * Keeps sessions in this process's memory, as JSON, so that a session handed out can be
 * changed freely without changing the stored one.
 *
 * Not for production: sessions are lost on restart and not shared between processes or
 * serverless instances.
 */
export class MemoryStore implements SessionStore {
  /** Session id to serialised session. Public, as in next-session 4. */
  readonly store = new Map<string, string>();

  async get(sid: string): Promise<SessionData | null> {
    const json = this.store.get(sid);
    if (json === undefined) return null;
    const record = reviveCookieExpires(JSON.parse(json) as SessionData);
    const { expires } = record.cookie;
    if (expires !== undefined && expires.getTime() <= Date.now()) {
      this.store.delete(sid);
      return null;
    }
    return record;
  }

  async set(sid: string, sess: SessionData): Promise<void> {
    this.store.set(sid, JSON.stringify(sess));
  }

  async destroy(sid: string): Promise<void> {
    this.store.delete(sid);
  }

  async touch(sid: string, sess: SessionData): Promise<void> {
    this.store.set(sid, JSON.stringify(sess));
  }
}
