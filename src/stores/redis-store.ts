import type {
  Cookie,
  SessionData,
  SessionOwnerIndex,
  SessionPatch,
  SessionStore,
} from "../types.js";
import { type RedisClient, RedisCommands, script } from "./redis-commands.js";

export type {
  IORedisClient,
  NodeRedisClient,
  NodeRedisCluster,
  RedisClient,
} from "./redis-commands.js";

/** Options of `new RedisStore()`. */
export interface RedisStoreOptions {
  /**
   * A connected client of node-redis 4 or 5 (`createClient`, `createCluster`) or ioredis 5
   * (`Redis`, `Cluster`). The store sends its commands through it and never closes it.
   * @example await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
   */
  client: RedisClient;
  /**
   * Put before every key: a session is the hash `<prefix>{<id>}`. Must not contain `{` or
   * `}`, which would change the cluster hash slot.
   * @default "sess:"
   */
  prefix?: string;
  /**
   * Seconds that a session whose cookie has no expiry (no `cookie.maxAge`, a browser-session
   * cookie) lives in Redis after its last write. Sessions with an expiry live until
   * `cookie.expires`, to the millisecond.
   * @default 86400 (one day)
   */
  ttl?: number;
  /**
   * Milliseconds that each store call may take before it rejects, so that a request never
   * hangs while Redis is down or frozen. A write that timed out may still be applied if
   * Redis answers later.
   * @default 2000
   */
  timeout?: number;
}

const DEFAULT_PREFIX = "sess:";
const DEFAULT_TTL = 86_400;
const DEFAULT_TIMEOUT = 2_000;
/** The longest `setTimeout` delay; longer ones fire at once. */
const MAX_TIMEOUT = 2 ** 31 - 1;

/** The hash field of the cookie; user fields are `f:<name>`; any other is metadata. */
const COOKIE_FIELD = "cookie";
const USER_FIELD = "f:";

// HGETALL inside a script: Lua sees it as a flat array and returns one, whichever protocol
// the client speaks, whereas a plain HGETALL answers a map under RESP3 (node-redis 5 can
// use it), which would need its own decoding here.
const READ = script("return redis.call('HGETALL', KEYS[1])");

/**
 * Every write, in one script so that Redis runs it atomically.
 * KEYS[1]  the session's hash
 * ARGV[1]  "replace" (set: the whole record, created if missing) or "update" (patch and
 *          touch: applied only to a record that exists; returns 0 when there is none)
 * ARGV[2]  the cookie's JSON, or "" to keep the stored cookie and its expiry
 * ARGV[3]  when the session expires, in ms since the epoch; "" when the cookie has no expiry
 * ARGV[4]  how long, in ms, a session without expiry lives after this write
 * ARGV[5]  n; then n pairs of hash field and JSON to write; then hash fields to delete
 */
const WRITE = script(`local key = KEYS[1]
if ARGV[1] == 'replace' then
  redis.call('DEL', key)
elseif redis.call('EXISTS', key) == 0 then
  return 0
end
local last = 5 + 2 * tonumber(ARGV[5])
for i = 6, last, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end
for i = last + 1, #ARGV do
  redis.call('HDEL', key, ARGV[i])
end
if ARGV[2] ~= '' then
  redis.call('HSET', key, 'cookie', ARGV[2])
elseif ARGV[1] == 'update' then
  local ok, cookie = pcall(cjson.decode, redis.call('HGET', key, 'cookie') or 'null')
  if ok and type(cookie) == 'table' and type(cookie.expires) == 'string' then
    return 1
  end
end
if ARGV[3] == '' then
  redis.call('PEXPIRE', key, ARGV[4])
else
  redis.call('PEXPIREAT', key, ARGV[3])
end
return 1`);

/**
 * Adds or moves an owner index entry, in one script so that Redis runs it atomically.
 * KEYS[1]  the owner's sorted set: session ids scored by when their entry expires (ms)
 * ARGV[1]  the session id
 * ARGV[2]  when its entry expires, in ms since the epoch
 * ARGV[3]  now, in ms since the epoch: expired entries are dropped on the way
 * The set itself expires with its latest entry, so that an owner who never comes back
 * leaves nothing behind.
 */
const ADD_OWNED = script(`local key = KEYS[1]
redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[3])
if tonumber(ARGV[2]) <= tonumber(ARGV[3]) then
  redis.call('ZREM', key, ARGV[1])
else
  redis.call('ZADD', key, ARGV[2], ARGV[1])
end
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', key, last[2])
end
return 1`);

/**
 * How long after an index write its entry outlives a session without expiry, whose hash
 * Redis drops `ttl` after its last write: the write comes just after the entry, and a little
 * longer is harmless (listings check every session).
 */
const UNTIMED_ENTRY_MARGIN_MS = 60_000;

function fail(option: string, expected: string, value: unknown): never {
  throw new TypeError(
    `next-session: RedisStore option "${option}" must be ${expected}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
  );
}

/** `cookie.expires` in ms, as the store's expiry: "" when there is none (or it is no date). */
function expiryOf(cookie: Cookie | undefined): string {
  const expires = cookie?.expires as Date | string | undefined;
  const time = expires === undefined ? Number.NaN : new Date(expires).getTime();
  return Number.isFinite(time) ? String(time) : "";
}

/**
 * An id or owner as a hash tag: a `}` in it would end the tag early (and one at its start
 * would leave it empty, so that the whole key is hashed), so `}` and the escape `%` itself
 * are percent-encoded. Ids from nanoid, uid-safe or UUIDs never need it.
 */
function hashTag(text: string): string {
  return /[%}]/.test(text) ? text.replace(/%/g, "%25").replace(/\}/g, "%7D") : text;
}

/**
 * Throws when `patch` sets or deletes a field named `cookie`: the cookie travels as
 * `patch.cookie`, and its hash field is not a user field.
 */
function assertPatchable(patch: SessionPatch): void {
  const named =
    patch.set.some(([name]) => name === COOKIE_FIELD) || patch.unset.includes(COOKIE_FIELD);
  if (named) {
    throw new TypeError(
      'next-session: a SessionPatch cannot set or unset "cookie"; pass the new cookie as patch.cookie',
    );
  }
}

/** Defines rather than assigns, so that a field named "__proto__" stays data. */
function defineField(record: object, name: string, value: unknown): void {
  Object.defineProperty(record, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A session from HGETALL's flat `[field, value, …]` reply; null when there is none. */
function toSession(reply: unknown): SessionData | null {
  if (!Array.isArray(reply) || reply.length === 0) return null;
  const record = {} as SessionData;
  try {
    for (let index = 0; index + 1 < reply.length; index += 2) {
      const field = String(reply[index]);
      const json = String(reply[index + 1]);
      if (field === COOKIE_FIELD) {
        const cookie = JSON.parse(json) as { expires?: string | Date };
        if (typeof cookie.expires === "string") cookie.expires = new Date(cookie.expires);
        record.cookie = cookie as Cookie;
      } else if (field.startsWith(USER_FIELD)) {
        defineField(record, field.slice(USER_FIELD.length), JSON.parse(json));
      }
    }
  } catch {
    // A value that is not JSON (written by something else) must not fail every request of
    // this session: the visitor gets a new session instead.
    return null;
  }
  return record;
}

/**
 * A session store on Redis or Redis Cluster, for node-redis 4 and 5 and ioredis 5.
 *
 * Each session is one hash, `<prefix>{<id>}`: the field `cookie` holds the cookie's JSON,
 * and each user field `<name>` is the field `f:<name>` holding that value's JSON, so that
 * `patch` writes only the fields a request changed and concurrent requests of one session
 * do not overwrite each other. Fields with other names are reserved for metadata. Redis
 * deletes the hash at `cookie.expires` (PEXPIREAT); a session without expiry lives `ttl`
 * seconds after its last write. `destroy` deletes the hash and leaves nothing behind.
 * Each `set`, `patch` and `touch` is one Lua script, so it is atomic, and the id is a hash
 * tag (`{…}`), so every key of one session is in one cluster slot.
 *
 * Its owner index keeps one sorted set per owner, `<prefix>owner:{<owner>}`, of session ids
 * scored by when each entry expires; the set expires with its latest entry. It lives in the
 * owner's cluster slot, not its sessions', so it is written by calls of its own, in the
 * order `nextSession` makes them.
 */
export class RedisStore implements SessionStore {
  readonly #commands: RedisCommands;
  readonly #prefix: string;
  readonly #ttlMs: string;

  /** Which sessions each owner has, for `getSession.listSessions()` and `revokeSessions()`. */
  readonly ownerIndex: SessionOwnerIndex = {
    add: async (owner, sid, expiresAt) => {
      const now = Date.now();
      // Whole ms, rounded up: PEXPIREAT refuses a fraction, which an absoluteTimeout in
      // fractional seconds gives a session without cookie expiry.
      const until = Math.ceil(expiresAt ?? now + Number(this.#ttlMs) + UNTIMED_ENTRY_MARGIN_MS);
      const key = this.#ownerKey(owner);
      await this.#commands.script("ownerIndex.add", ADD_OWNED, key, [
        sid,
        String(until),
        String(now),
      ]);
    },
    remove: async (owner, sid) => {
      const key = this.#ownerKey(owner);
      await this.#commands.command("ownerIndex.remove", key, ["ZREM", key, sid]);
    },
    list: async (owner) => {
      const key = this.#ownerKey(owner);
      const args = ["ZRANGEBYSCORE", key, `(${Date.now()}`, "+inf"];
      const ids = await this.#commands.command("ownerIndex.list", key, args);
      return (ids as unknown[]).map(String);
    },
  };

  constructor(options: RedisStoreOptions) {
    const {
      client,
      prefix = DEFAULT_PREFIX,
      ttl = DEFAULT_TTL,
      timeout = DEFAULT_TIMEOUT,
    } = (options ?? {}) as RedisStoreOptions;
    if (typeof prefix !== "string" || /[{}]/.test(prefix)) {
      fail("prefix", "a string without { or }", prefix);
    }
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || !(ttl > 0)) {
      fail("ttl", "a number of seconds above 0", ttl);
    }
    if (typeof timeout !== "number" || !(timeout >= 1 && timeout <= MAX_TIMEOUT)) {
      fail("timeout", `a number of milliseconds from 1 to ${MAX_TIMEOUT}`, timeout);
    }
    this.#commands = new RedisCommands(client, timeout);
    this.#prefix = prefix;
    this.#ttlMs = String(Math.max(1, Math.round(ttl * 1000)));
  }

  #key(sid: string): string {
    return `${this.#prefix}{${hashTag(sid)}}`;
  }

  #ownerKey(owner: string): string {
    return `${this.#prefix}owner:{${hashTag(owner)}}`;
  }

  async get(sid: string): Promise<SessionData | null> {
    const key = this.#key(sid);
    return toSession(await this.#commands.script("get", READ, key, []));
  }

  async set(sid: string, sess: SessionData): Promise<void> {
    const fields: string[] = [];
    const values = sess as Record<string, unknown>;
    for (const name of Object.keys(values)) {
      if (name === COOKIE_FIELD) continue;
      const json = JSON.stringify(values[name]);
      if (json !== undefined) fields.push(USER_FIELD + name, json);
    }
    await this.#write("set", "replace", sid, sess.cookie, fields, []);
  }

  async patch(sid: string, patch: SessionPatch): Promise<boolean> {
    assertPatchable(patch);
    const fields: string[] = [];
    const removed: string[] = [];
    for (const [name, value] of patch.set) {
      const json = JSON.stringify(value);
      // What JSON leaves out (undefined, a function) is absent from a full write too.
      if (json === undefined) removed.push(USER_FIELD + name);
      else fields.push(USER_FIELD + name, json);
    }
    for (const name of patch.unset) removed.push(USER_FIELD + name);
    return this.#write("patch", "update", sid, patch.cookie, fields, removed);
  }

  /** Stores `sess.cookie` and moves the expiry, only if the session is still stored. */
  async touch(sid: string, sess: SessionData): Promise<void> {
    await this.#write("touch", "update", sid, sess.cookie, [], []);
  }

  /** Resolves whether there was a session to delete. */
  async destroy(sid: string): Promise<boolean> {
    const key = this.#key(sid);
    return (await this.#commands.command("destroy", key, ["DEL", key])) === 1;
  }

  async #write(
    method: string,
    mode: "replace" | "update",
    sid: string,
    cookie: Cookie | undefined,
    fields: readonly string[],
    removed: readonly string[],
  ): Promise<boolean> {
    const key = this.#key(sid);
    const args = [
      mode,
      cookie === undefined ? "" : JSON.stringify(cookie),
      expiryOf(cookie),
      this.#ttlMs,
      String(fields.length / 2),
      ...fields,
      ...removed,
    ];
    return (await this.#commands.script(method, WRITE, key, args)) === 1;
  }
}
