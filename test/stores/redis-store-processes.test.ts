/**
 * Several app processes, each with its own client and RedisStore, patch different fields
 * of one session at the same moment: every field survives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Cluster, Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../src/stores/redis-store.js";
import { describeWithServer } from "../servers/index.js";
import { stopChild, waitForOutput } from "../servers/process.js";

const writer = fileURLToPath(new URL("../fixtures/redis-patch-writer.mjs", import.meta.url));
const PROCESSES = 5;
const FIELDS_PER_PROCESS = 10;

function output(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
  });
}

// One client library per topology keeps the test cheap (each process loads one); the
// store contract runs 50 concurrent patches in one process with every client.
for (const [service, clients] of [
  ["redis", ["node-redis"]],
  ["redisCluster", ["ioredis-cluster"]],
] as const) {
  describeWithServer(
    service,
    `RedisStore shared by ${PROCESSES} processes (${service})`,
    async (url) => {
      // Reads and seeds through ioredis: Redis for one node, Cluster for several.
      const nodes = url.split(",").map((node) => new URL(node));
      const reader =
        nodes.length === 1
          ? new Redis(url)
          : new Cluster(
              nodes.map(({ hostname, port }) => ({ host: hostname, port: Number(port) })),
            );
      afterAll(() => reader.quit());

      describe.each(clients)("with %s", (kind) => {
        it(`keeps all ${PROCESSES * FIELDS_PER_PROCESS} fields patched at once`, async () => {
          const prefix = `procs:${kind}:`;
          const store = new RedisStore({ client: reader, prefix });
          const sid = randomUUID();
          const cookie = { path: "/", httpOnly: true, secure: false };
          await store.set(sid, { cookie, seeded: true });
          const children = Array.from({ length: PROCESSES }, (_, index) =>
            spawn(
              process.execPath,
              [
                writer,
                url,
                kind,
                prefix,
                sid,
                String(index * FIELDS_PER_PROCESS),
                String(FIELDS_PER_PROCESS),
              ],
              { stdio: ["pipe", "pipe", "pipe"] },
            ),
          );
          try {
            await Promise.all(children.map((child) => waitForOutput(child, "ready")));
            const results = children.map(output);
            for (const child of children) child.stdin?.write("go\n");
            for (const text of await Promise.all(results)) {
              expect(text).toContain(`applied ${FIELDS_PER_PROCESS}`);
            }
          } finally {
            await Promise.all(children.map(stopChild));
          }
          const session = await store.get(sid);
          const fields = Object.keys(session ?? {}).filter((name) => name.startsWith("field"));
          expect(fields).toHaveLength(PROCESSES * FIELDS_PER_PROCESS);
          expect(session?.seeded).toBe(true);
        }, 30_000);
      });
    },
  );
}
