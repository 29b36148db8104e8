import { createHash } from "node:crypto";

/** A node-redis 4 or 5 client: `await createClient(options).connect()`. */
export interface NodeRedisClient {
  readonly isOpen: boolean;
  sendCommand(args: string[]): Promise<unknown>;
}

/** A node-redis 4 or 5 cluster client: `await createCluster(options).connect()`. */
export interface NodeRedisCluster {
  readonly isOpen: boolean;
  readonly masters: unknown;
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
}

/** An ioredis 5 client: `new Redis(options)` or `new Cluster(nodes, options)`. */
export interface IORedisClient {
  readonly isCluster: boolean;
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** The Redis clients that `RedisStore` accepts, told apart by their shape. */
export type RedisClient = NodeRedisClient | NodeRedisCluster | IORedisClient;

/** Sends one command whose keys all hash to the slot of `key`; async, so that it never throws. */
type Send = (key: string, args: string[]) => Promise<unknown>;

/**
 * How to send a command with `client`. Nothing imports a client library: each is known by
 * what only it has (ioredis: `call` and `isCluster`; a node-redis cluster: `masters`).
 */
function senderFor(client: unknown): Send {
  const shape = (typeof client === "object" && client !== null ? client : {}) as Record<
    string,
    unknown
  >;
  if (typeof shape.call === "function" && typeof shape.isCluster === "boolean") {
    const ioredis = client as IORedisClient;
    return async (_key, [command = "", ...args]) => ioredis.call(command, ...args);
  }
  if (typeof shape.sendCommand === "function" && typeof shape.isOpen === "boolean") {
    if ("masters" in shape) {
      const cluster = client as NodeRedisCluster;
      return async (key, args) => cluster.sendCommand(key, false, args);
    }
    // node-redis 4 in legacyMode (as connect-redis 6 needed) keeps its promise API on `v4`.
    const legacy = (shape.options as { legacyMode?: unknown } | undefined)?.legacyMode === true;
    const redis = (legacy ? shape.v4 : client) as NodeRedisClient;
    return async (_key, args) => redis.sendCommand(args);
  }
  throw new TypeError(
    'next-session: RedisStore option "client" must be a connected client of node-redis 4 or 5 (createClient, createCluster) or ioredis 5 (Redis, Cluster)',
  );
}

/** A Lua script, sent by its SHA1 once Redis knows it. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Sends the store's commands through any supported client, each settling within
 * `timeoutMs`: Redis down or frozen becomes a prompt error, never a request that hangs.
 */
export class RedisCommands {
  readonly #send: Send;
  readonly #timeoutMs: number;

  constructor(client: unknown, timeoutMs: number) {
    this.#send = senderFor(client);
    this.#timeoutMs = timeoutMs;
  }

  /** Runs a command on the node that holds `key`; `method` names the store call in errors. */
  command(method: string, key: string, args: string[]): Promise<unknown> {
    return this.#settle(method, this.#send(key, args));
  }

  /**
   * Runs `lua` with `key` as its only key. EVALSHA saves sending the source each time; a
   * node that does not know the script yet (new, restarted, another cluster node) answers
   * NOSCRIPT, and EVAL then sends the source, which also caches it there.
   */
  script(method: string, lua: Script, key: string, args: string[]): Promise<unknown> {
    const evalSha = this.#send(key, ["EVALSHA", lua.sha, "1", key, ...args]);
    const work = evalSha.catch((error: unknown) => {
      if (!isNoScript(error)) throw error;
      return this.#send(key, ["EVAL", lua.source, "1", key, ...args]);
    });
    return this.#settle(method, work);
  }

  /**
   * `work` with a deadline. Whichever comes second, the reply or the deadline, is dropped:
   * a reply after the deadline (once Redis is back) cannot become an unhandled rejection.
   */
  #settle(method: string, work: Promise<unknown>): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `next-session: Redis did not answer RedisStore.${method}() within ${this.#timeoutMs} ms (the "timeout" option); is Redis down or overloaded?`,
          ),
        );
      }, this.#timeoutMs);
    });
    const reply = work.catch((cause: unknown) => {
      throw new Error(
        `next-session: RedisStore.${method}() failed: the Redis client reported an error (see cause)`,
        { cause },
      );
    });
    return Promise.race([reply, deadline]).finally(() => clearTimeout(timer));
  }
}
