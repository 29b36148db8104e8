import type { SessionData, SessionStore } from "next-session";

/** The commands this store sends; a `redis` client (version 5 or later) has them all. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options: { expiration: { type: "PXAT" | "EX"; value: number } },
  ): Promise<unknown>;
  pExpireAt(key: string, msTimestamp: number): Promise<unknown>;
  expire(key: string, seconds: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** A connected client, e.g. `await createClient({ url }).connect()`. */
  client: RedisCommands;
  /** Put before every session id to make the key. @default "sess:" */
  prefix?: string;
  /**
   * Lifetime in seconds of sessions whose cookie has no expiry (a browser-session
   * cookie), refreshed on every save and touch. @default 86400 (one day)
   */
  ttl?: number;
}

/**
 * A promise-native session store on Redis. Each session is one JSON string that Redis
 * deletes by itself at `cookie.expires` (`PXAT`, to the millisecond), so expired sessions
 * are never returned and need no sweeping.
 */
export class RedisStore implements SessionStore {
  readonly #client: RedisCommands;
  readonly #prefix: string;
  readonly #ttl: number;

  constructor({ client, prefix = "sess:", ttl = 86_400 }: RedisStoreOptions) {
    this.#client = client;
    this.#prefix = prefix;
    this.#ttl = ttl;
  }

  async get(sid: string): Promise<SessionData | null> {
    const json = await this.#client.get(this.#prefix + sid);
    if (json === null) return null;
    try {
      return JSON.parse(json) as SessionData;
    } catch {
      // A key that is not ours (or was cut short) must not fail the request: the visitor
      // gets a new session, and the next save replaces the unreadable value.
      return null;
    }
  }

  async set(sid: string, session: SessionData): Promise<void> {
    const { expires } = session.cookie;
    const expiration =
      expires === undefined
        ? { type: "EX" as const, value: this.#ttl }
        : { type: "PXAT" as const, value: new Date(expires).getTime() };
    await this.#client.set(this.#prefix + sid, JSON.stringify(session), { expiration });
  }

  async touch(sid: string, session: SessionData): Promise<void> {
    // Only the expiry moves: the session itself did not change, or it would be saved.
    const { expires } = session.cookie;
    const key = this.#prefix + sid;
    if (expires === undefined) await this.#client.expire(key, this.#ttl);
    else await this.#client.pExpireAt(key, new Date(expires).getTime());
  }

  async destroy(sid: string): Promise<void> {
    await this.#client.del(this.#prefix + sid);
  }
}
