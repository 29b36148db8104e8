import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileAsync, findFreePort, spawn, stopChild, waitForOutput } from "./process.js";
import { findExecutable, type RunningService } from "./service.js";

/** A throw-away `redis-server` that a test can freeze, kill and bring back. */
export interface RedisServer extends RunningService {
  readonly port: number;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
  /** Kills the process (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory, with what its AOF kept. */
  restart(): Promise<void>;
}

export interface RedisServerOptions {
  /**
   * Writes every change to an append-only file before answering, so that data survives
   * `kill()` and `restart()`. @default false (nothing is persisted)
   */
  durable?: boolean;
}

const LOOPBACK = "127.0.0.1";

async function startProcess(binary: string, dir: string, args: readonly string[]) {
  const child = spawn(binary, [...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    await waitForOutput(child, "Ready to accept connections");
    return child;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** Runs `start` with fresh free ports until one attempt binds (a free port can be taken). */
async function onFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const ports: number[] = [];
    for (let index = 0; index < count; index++) ports.push(await findFreePort());
    try {
      return await start(ports);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`redis-server did not start: ${String(lastError)}`);
}

function serverArgs(port: number, durable: boolean): string[] {
  const persistence = durable
    ? ["--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  return ["--port", String(port), "--bind", LOOPBACK, "--save", "", ...persistence];
}

/**
 * Starts a throw-away `redis-server` on a free loopback port, with its working directory
 * in a fresh temp dir that `stop()` removes.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = await findExecutable("redis-server", []);
  const dir = await mkdtemp(join(tmpdir(), "next-session-redis-"));
  try {
    let child: ChildProcess | undefined;
    let args: string[] = [];
    const port = await onFreePorts(1, async ([free = 0]) => {
      args = serverArgs(free, options.durable ?? false);
      child = await startProcess(binary, dir, args);
      return free;
    });
    const running = () => child as ChildProcess;
    return {
      url: `redis://${LOOPBACK}:${port}`,
      port,
      pause: () => running().kill("SIGSTOP"),
      resume: () => running().kill("SIGCONT"),
      kill: async () => {
        const exited = new Promise((resolve) => running().once("exit", resolve));
        running().kill("SIGKILL");
        await exited;
      },
      restart: async () => {
        child = await startProcess(binary, dir, args);
      },
      stop: async () => {
        running().kill("SIGCONT");
        await stopChild(running());
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const CLUSTER_MASTERS = 3;

/** Polls until every node reports `cluster_state:ok` (slots assigned and agreed). */
async function waitForClusterOk(cli: string, ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(
      ports.map(async (port) => {
        const { stdout } = await execFileAsync(cli, [
          "-h",
          LOOPBACK,
          "-p",
          String(port),
          "cluster",
          "info",
        ]);
        return /cluster_state:ok/.test(stdout);
      }),
    );
    if (states.every(Boolean)) return;
    if (Date.now() > deadline)
      throw new Error("the Redis Cluster did not reach cluster_state:ok in 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a throw-away Redis Cluster of three masters and no replicas on free loopback ports
 * (each with its own cluster bus port), and joins them with `redis-cli --cluster create`.
 * Its `url` lists every node, comma-separated.
 */
export async function startRedisCluster(): Promise<RunningService> {
  const binary = await findExecutable("redis-server", []);
  const cli = await findExecutable("redis-cli", []);
  const dir = await mkdtemp(join(tmpdir(), "next-session-redis-cluster-"));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let node = 0; node < CLUSTER_MASTERS; node++) {
      const port = await onFreePorts(2, async ([free = 0, bus = 0]) => {
        const args = [
          ...serverArgs(free, false),
          "--cluster-enabled",
          "yes",
          "--cluster-port",
          String(bus),
          "--cluster-config-file",
          `nodes-${free}.conf`,
        ];
        children.push(await startProcess(binary, dir, args));
        return free;
      });
      ports.push(port);
    }
    const nodes = ports.map((port) => `${LOOPBACK}:${port}`);
    await execFileAsync(cli, [
      "--cluster",
      "create",
      ...nodes,
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await waitForClusterOk(cli, ports);
    return { url: nodes.map((node) => `redis://${node}`).join(","), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
