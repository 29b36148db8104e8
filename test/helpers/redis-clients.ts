import { Cluster, Redis } from "ioredis";
import { createClient, createCluster } from "redis";
import { createClient as createClient4, createCluster as createCluster4 } from "redis-4";
import type { RedisClient } from "../../src/stores/redis-store.js";

export type Topology = "single" | "cluster";

export interface ConnectedClient {
  readonly client: RedisClient;
  close(): Promise<void>;
}

/** One kind of client that `RedisStore` takes, and how to connect it to a test server. */
export interface ClientKind {
  readonly name: string;
  readonly topology: Topology;
  /**
   * A connected client. `url` lists a cluster's nodes, comma-separated. With `failFast`,
   * the client is configured as the README advises for outages: no offline queue, so that
   * calls fail at once while it is disconnected instead of waiting for the store's timeout.
   */
  connect(url: string, options?: { failFast?: boolean }): Promise<ConnectedClient>;
}

/** node-redis emits connection errors as events: without a listener they crash the process. */
function ignoreErrors(client: { on(event: "error", listener: () => void): unknown }): void {
  client.on("error", () => undefined);
}

function nodes(url: string): { host: string; port: number }[] {
  return url.split(",").map((node) => {
    const { hostname, port } = new URL(node);
    return { host: hostname, port: Number(port) };
  });
}

/** What the tests use of a node-redis client or cluster, of either major. */
type NodeRedis = RedisClient & {
  on(event: "error", listener: () => void): unknown;
  connect(): Promise<unknown>;
  disconnect(): Promise<unknown>;
};

function nodeRedisKind(
  name: string,
  topology: Topology,
  create: (url: string, disableOfflineQueue: boolean) => NodeRedis,
): ClientKind {
  return {
    name,
    topology,
    async connect(url, { failFast = false } = {}) {
      const client = create(url, failFast);
      ignoreErrors(client);
      await client.connect();
      return { client, close: async () => void (await client.disconnect()) };
    },
  };
}

const rootNodes = (url: string) => url.split(",").map((node) => ({ url: node }));

export const CLIENT_KINDS: readonly ClientKind[] = [
  nodeRedisKind("node-redis 5 createClient", "single", (url, disableOfflineQueue) =>
    createClient({ url, disableOfflineQueue }),
  ),
  nodeRedisKind("node-redis 4 createClient", "single", (url, disableOfflineQueue) =>
    createClient4({ url, disableOfflineQueue }),
  ),
  nodeRedisKind("node-redis 4 createClient in legacyMode", "single", (url, disableOfflineQueue) =>
    createClient4({ url, disableOfflineQueue, legacyMode: true }),
  ),
  {
    name: "ioredis 5 Redis",
    topology: "single",
    async connect(url, { failFast = false } = {}) {
      const options = failFast ? { enableOfflineQueue: false, maxRetriesPerRequest: 0 } : {};
      const client = new Redis(url, { lazyConnect: true, ...options });
      ignoreErrors(client);
      await client.connect();
      return { client, close: async () => client.disconnect() };
    },
  },
  nodeRedisKind("node-redis 5 createCluster", "cluster", (url, disableOfflineQueue) =>
    createCluster({ rootNodes: rootNodes(url), defaults: { disableOfflineQueue } }),
  ),
  nodeRedisKind("node-redis 4 createCluster", "cluster", (url, disableOfflineQueue) =>
    createCluster4({ rootNodes: rootNodes(url), defaults: { disableOfflineQueue } }),
  ),
  {
    name: "ioredis 5 Cluster",
    topology: "cluster",
    async connect(url) {
      const client = new Cluster(nodes(url), { lazyConnect: true });
      ignoreErrors(client);
      await client.connect();
      return { client, close: async () => client.disconnect() };
    },
  },
];
