// connect-redis 6 ships no types; this is the part of its API that the tests use.
declare module "connect-redis-6" {
  type Done = (error?: unknown) => void;

  interface RedisStore {
    get(sid: string, callback: (error: unknown, session?: object | null) => void): void;
    set(sid: string, session: object, callback?: Done): void;
    destroy(sid: string, callback?: Done): void;
    touch(sid: string, session: object, callback?: Done): void;
  }

  interface RedisStoreOptions {
    client: unknown;
    prefix?: string;
    ttl?: number;
  }

  export default function RedisStoreFactory(session: {
    Store: abstract new () => object;
  }): new (
    options: RedisStoreOptions,
  ) => RedisStore;
}
