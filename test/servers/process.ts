import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";

export const execFileAsync = promisify(execFile);

/**
 * A loopback port that was free a moment ago. Servers that take a port number (not 0)
 * can still lose it to another process, so the callers retry on a failed start.
 */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port assigned");
  return address.port;
}

/**
 * Resolves once the child prints `ready` on stdout, rejects if it exits (or stays
 * silent for `timeoutMs`) first, with what it printed so that the reason is visible.
 */
export function waitForOutput(
  child: ChildProcess,
  ready: string,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`no "${ready}" within ${timeoutMs} ms`), timeoutMs);
    function fail(reason: string): void {
      clearTimeout(timer);
      reject(new Error(`${reason}; output:\n${output}`));
    }
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve();
      }
    };
    const onExit = (code: number | null): void => fail(`exited with ${code}`);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", onExit);
    child.once("error", (error) => fail(error.message));
  });
}

/** Stops a child that we spawned and waits for it to be gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

export { spawn };
