// connect-redis 6 ships no types; this is the part of its API that the tests use.
declare module "connect-redis-6" {
  import type { CallbackStore } from "../../src/compat.js";

  interface RedisStoreOptions {
    client: unknown;
    prefix?: string;
    ttl?: number;
  }
  type RedisStoreConstructor = new (options: RedisStoreOptions) => CallbackStore;

  export default function RedisStoreFactory(session: {
    Store: abstract new () => object;
  }): RedisStoreConstructor;
}
