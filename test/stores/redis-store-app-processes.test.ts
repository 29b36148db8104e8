/**
 * Several app processes (test/fixtures/redis-session-app.mjs) serve one site from one
 * RedisStore, as behind a load balancer: requests of one session land on any of them.
 * Concurrent writers keep every field, counts under load come out exact, a logout stays a
 * logout while another process still serves a request of the session, and a Redis that is
 * frozen, killed and restarted under load costs answers (503) but never a hang or a crash.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../src/stores/redis-store.js";
import { CLIENT_KINDS, type Topology } from "../helpers/redis-clients.js";
import { describeWithServer } from "../servers/index.js";
import { stopChild } from "../servers/process.js";
import { type RedisServer, startRedis } from "../servers/redis.js";

const APP = fileURLToPath(new URL("../fixtures/redis-session-app.mjs", import.meta.url));
const PROCESSES = 3;

interface AppProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** How many requests have loaded their session and been held so far. */
  heldCount(): number;
  /** Resolves once `count` requests in all have loaded their session and been held. */
  held(count: number): Promise<void>;
  release(): void;
}

/** Starts one app process and waits until it listens. */
function startApp(redisUrls: string, prefix: string): Promise<AppProcess> {
  const child = spawn(process.execPath, [APP, redisUrls, prefix], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let heldSoFar = 0;
  const waiting = new Set<{ count: number; resolve: () => void }>();
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`app exited with ${code}:\n${output}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) {
        const [word, number] = line.split(" ");
        if (word === "held") heldSoFar = Number(number);
        if (word === "listening") {
          resolve({
            url: `http://127.0.0.1:${number}`,
            child,
            heldCount: () => heldSoFar,
            held: (count) =>
              heldSoFar >= count
                ? Promise.resolve()
                : new Promise<void>((done) => waiting.add({ count, resolve: done })),
            release: () => child.stdin?.write("release\n"),
          });
        }
      }
      for (const entry of waiting) {
        if (heldSoFar >= entry.count) {
          waiting.delete(entry);
          entry.resolve();
        }
      }
    });
  });
}

/** Starts the app processes; `stop` ends them all (call it however the test ends). */
async function startApps(redisUrls: string, prefix: string) {
  const starting = Array.from({ length: PROCESSES }, () => startApp(redisUrls, prefix));
  const settled = await Promise.allSettled(starting);
  const apps = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = () => Promise.all(apps.map((app) => stopChild(app.child)));
  const failed = settled.find((result) => result.status === "rejected");
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  return { apps, stop };
}

interface Answer {
  readonly status: number;
  readonly body: { id: string; user: string | null; count: number } | undefined;
  /** The `sid=…` pair of the response's session cookie, if it set one. */
  readonly cookie: string | undefined;
  readonly ms: number;
}

/** One request, as a browser with cookie `cookie` sends it; never longer than 10 s. */
async function send(base: string, path: string, cookie?: string): Promise<Answer> {
  const start = Date.now();
  const response = await fetch(base + path, {
    headers: cookie === undefined ? {} : { cookie },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const setCookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] as string)
    .find((pair) => pair.startsWith("sid="));
  return {
    status: response.status,
    body: response.ok ? (JSON.parse(text) as Answer["body"]) : undefined,
    cookie: setCookie,
    ms: Date.now() - start,
  };
}

/** A store on the same Redis, to read what the apps wrote. */
async function reader(url: string, topology: Topology, prefix: string): Promise<RedisStore> {
  const kind = CLIENT_KINDS.find((k) => k.topology === topology && k.name.startsWith("ioredis"));
  if (kind === undefined) throw new Error(`no ioredis client for ${topology}`);
  const { client, close } = await kind.connect(url);
  afterAll(close);
  return new RedisStore({ client, prefix });
}

for (const [service, topology] of [
  ["redis", "single"],
  ["redisCluster", "cluster"],
] as const) {
  describeWithServer(
    service,
    `${PROCESSES} app processes sharing RedisStore (${service})`,
    async (url) => {
      const prefix = `apps:${randomUUID()}:`;
      const { apps, stop } = await startApps(url, prefix);
      afterAll(stop);
      const store = await reader(url, topology, prefix);
      const appFor = (index: number) => apps[index % PROCESSES] as AppProcess;

      it("keeps all fifty fields that fifty parallel requests, spread over the processes, set", async () => {
        const start = await send(appFor(0).url, "/start");
        const cookie = start.cookie;
        const sid = start.body?.id as string;
        const heldBefore = apps.map((app) => app.heldCount());
        const writers = Array.from({ length: 50 }, (_, index) =>
          send(appFor(index).url, `/field/f${index}`, cookie),
        );
        // Every request has loaded the session before any of them writes.
        await Promise.all(
          apps.map((app, index) =>
            app.held((heldBefore[index] ?? 0) + Math.ceil((50 - index) / PROCESSES)),
          ),
        );
        for (const app of apps) app.release();
        const answers = await Promise.all(writers);
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
        const { cookie: _cookie, ...fields } = (await store.get(sid)) ?? {};
        const expected = Array.from({ length: 50 }, (_, index) => `f${index}`);
        expect(Object.keys(fields).sort()).toEqual(["started", ...expected].sort());
      });

      it("counts exactly under load: 40 sessions of 15 increments each, every one on the next process", async () => {
        const counts = await Promise.all(
          Array.from({ length: 40 }, async (_, session) => {
            let cookie: string | undefined;
            let last = 0;
            for (let step = 0; step < 15; step++) {
              const answer = await send(appFor(session + step).url, "/count", cookie);
              cookie ??= answer.cookie;
              last = answer.body?.count ?? -1;
            }
            return last;
          }),
        );
        expect(counts).toEqual(counts.map(() => 15));
      });

      it("keeps a logout when another process still serves a request of the session", async () => {
        const login = await send(appFor(0).url, "/login");
        const cookie = login.cookie;
        const sid = login.body?.id as string;
        const heldApp = appFor(1);
        const heldBefore = heldApp.heldCount();
        const late = send(heldApp.url, "/held-note", cookie);
        await heldApp.held(heldBefore + 1);
        expect((await send(appFor(2).url, "/logout", cookie)).status).toBe(200);
        heldApp.release();
        const lateAnswer = await late;
        expect(lateAnswer.status).toBe(200);
        expect(lateAnswer.cookie).toBeUndefined();
        expect(await store.get(sid)).toBeNull();
        expect((await send(appFor(0).url, "/read", cookie)).body?.user).toBeNull();
      });
    },
  );
}

describe("app processes through a Redis outage under load", () => {
  /** Bounds of the load loop: it never runs longer, nor sends more, than this. */
  const DEADLINE_MS = 30_000;
  const MAX_REQUESTS = 20_000;
  const WORKERS = 6;
  /** The store's timeout is 500 ms: an answer later than this counts as a hang. */
  const HUNG_MS = 3_000;

  it("answers every request in bounded time, 503 while Redis is gone, and recovers with sessions intact", async () => {
    let redis: RedisServer;
    try {
      redis = await startRedis({ durable: true });
    } catch (error) {
      if (process.env.CI === "true" || process.env.NEXT_SESSION_REQUIRE_SERVERS === "1")
        throw error;
      console.warn(`!! SKIPPING the Redis outage test: ${String(error)}`);
      return;
    }
    const prefix = "outage:";
    let stopApps = async (): Promise<unknown> => undefined;
    try {
      const { apps, stop } = await startApps(redis.url, prefix);
      stopApps = stop;
      const cookies: string[] = [];
      for (let index = 0; index < 12; index++) {
        const answer = await send(apps[index % PROCESSES]?.url as string, "/count");
        cookies.push(answer.cookie as string);
      }
      const answers: { phase: string; answer: Answer }[] = [];
      let phase = "before";
      let stopped = false;
      const started = Date.now();
      let sent = 0;
      const workers = Array.from({ length: WORKERS }, async (_, worker) => {
        while (!stopped && Date.now() - started < DEADLINE_MS && sent < MAX_REQUESTS) {
          sent += 1;
          const app = apps[sent % PROCESSES] as AppProcess;
          const cookie = cookies[(sent + worker) % cookies.length];
          answers.push({ phase, answer: await send(app.url, "/count", cookie) });
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await wait(700);
      phase = "paused";
      redis.pause();
      await wait(1_500);
      redis.resume();
      phase = "resumed";
      await wait(1_000);
      phase = "down";
      await redis.kill();
      await wait(1_500);
      await redis.restart();
      phase = "restarted";
      await wait(2_500);
      phase = "after";
      await wait(1_000);
      stopped = true;
      await Promise.all(workers);

      const statuses = new Set(answers.map(({ answer }) => answer.status));
      expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
      const slowest = Math.max(...answers.map(({ answer }) => answer.ms));
      expect(slowest).toBeLessThan(HUNG_MS);
      const during = answers.filter(({ phase: p }) => p === "paused" || p === "down");
      expect(during.some(({ answer }) => answer.status === 503)).toBe(true);
      const after = answers.filter(({ phase: p }) => p === "after");
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter(({ answer }) => answer.status !== 200)).toEqual([]);
      for (const app of apps) expect(app.child.exitCode).toBeNull();
      // Every session written before the outage is still there, its count at least as high.
      for (const cookie of cookies) {
        const answer = await send(apps[0]?.url as string, "/read", cookie);
        expect(answer.body?.count).toBeGreaterThanOrEqual(1);
        expect(answer.cookie).toBeUndefined();
      }
    } finally {
      await stopApps();
      await redis.stop();
    }
  }, 60_000);
});
