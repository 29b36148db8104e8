import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

/** A server process started for a test, reachable at `url` until `stop()` resolves. */
export interface AppProcess {
  readonly url: string;
  /** Everything the process printed so far: shown when it fails to start. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Arguments for `node`; `{port}` in any of them is replaced by the chosen port. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take before it answers HTTP. @default 60_000 */
  readonly readyTimeoutMs?: number;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      // Any HTTP answer means the server listens; the scenarios judge the content.
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts `node …args` with PORT and HOST set to a free loopback port, and resolves once it
 * answers HTTP there. The process is killed if it does not come up.
 */
export async function startAppProcess(options: StartOptions): Promise<AppProcess> {
  const port = await freePort();
  const host = "127.0.0.1";
  const args = options.args.map((arg) => arg.replaceAll("{port}", String(port)));
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: host },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://${host}:${port}`;
  try {
    await waitUntilAnswering(url, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`node ${args.join(" ")} (in ${options.cwd}) ${String(error)}:\n${output}`);
  }
  return { url, output: () => output, stop: () => stopChild(child) };
}
