import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A server process started for a test, reachable at `url` until `stop()` resolves. */
export interface AppProcess {
  readonly url: string;
  /** Everything the process printed so far: shown when it fails to start. */
  output(): string;
  /** Stops the process and every process it started (`next dev` runs its server in a child). */
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

/** The processes below `pid`, from Linux's /proc (none elsewhere). */
function descendantsOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Stops `child` and everything it started: SIGTERM first, so that servers shut down as
 * they do for a user, then SIGKILL for whatever is left after 5 s.
 */
export async function stopProcessTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const descendants = descendantsOf(pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  for (const descendant of descendants) kill(descendant, "SIGKILL");
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
 * answers HTTP there. The process (with its children) is stopped if it does not come up.
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
    await stopProcessTree(child);
    throw new Error(`node ${args.join(" ")} (in ${options.cwd}) ${String(error)}:\n${output}`);
  }
  return { url, output: () => output, stop: () => stopProcessTree(child) };
}
