import { Cluster, Redis } from "ioredis";
import { createClient, createCluster } from "redis";
import { createClient as createClient4, createCluster as createCluster4 } from "redis-4";
import { expectTypeOf, test } from "vitest";
import { RedisStore, type RedisStoreOptions } from "../../src/stores/redis-store.js";
import type { SessionStore } from "../../src/types.js";

type Client = RedisStoreOptions["client"];

test("every supported client is accepted as it comes, without a cast", () => {
  expectTypeOf(createClient()).toExtend<Client>();
  expectTypeOf(createClient({ RESP: 3 })).toExtend<Client>();
  expectTypeOf(createCluster({ rootNodes: [] })).toExtend<Client>();
  expectTypeOf(createClient4()).toExtend<Client>();
  expectTypeOf(createClient4({ legacyMode: true })).toExtend<Client>();
  expectTypeOf(createCluster4({ rootNodes: [] })).toExtend<Client>();
  expectTypeOf(new Redis()).toExtend<Client>();
  expectTypeOf(new Cluster([])).toExtend<Client>();
});

test("anything else is a type error", () => {
  expectTypeOf({ get: async () => null }).not.toExtend<Client>();
  expectTypeOf(createClient().legacy()).not.toExtend<Client>();
});

test("it is a SessionStore with patch and touch", () => {
  const store = new RedisStore({ client: new Redis() });
  expectTypeOf(store).toExtend<SessionStore>();
  expectTypeOf(store.patch).toEqualTypeOf<NonNullable<SessionStore["patch"]>>();
  expectTypeOf(store.touch).toEqualTypeOf<NonNullable<SessionStore["touch"]>>();
});
