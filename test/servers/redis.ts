import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, spawn, stopChild, waitForOutput } from "./process.js";
import { findExecutable, type RunningService } from "./service.js";

/**
 * Starts a throw-away `redis-server` on a free loopback port, with persistence off and
 * its working directory in a fresh temp dir that `stop()` removes.
 */
export async function startRedis(): Promise<RunningService> {
  const binary = await findExecutable("redis-server", []);
  const dir = await mkdtemp(join(tmpdir(), "next-session-redis-"));
  let lastError: unknown;
  // A port found free can be taken before redis binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    const child = spawn(
      binary,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      await waitForOutput(child, "Ready to accept connections");
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          await stopChild(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      await stopChild(child);
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start: ${String(lastError)}`);
}
