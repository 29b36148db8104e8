/**
 * Redis frozen (SIGSTOP), then killed and started again, while every kind of single-node
 * client keeps calling the store: each call settles within the store's timeout, the
 * process sees no unhandled rejection, calls succeed again once Redis is back (same
 * clients), and the sessions written before the outage are intact.
 */
import { afterAll, expect, it } from "vitest";
import { RedisStore } from "../../src/stores/redis-store.js";
import type { SessionData } from "../../src/types.js";
import { CLIENT_KINDS, type ConnectedClient } from "../helpers/redis-clients.js";
import { describeWithServer } from "../servers/index.js";
import { type RedisServer, startRedis } from "../servers/redis.js";

const TIMEOUT_MS = 500;
/** How late past the timeout a call may settle before the test calls it hung. */
const HUNG_AFTER_MS = TIMEOUT_MS + 1_000;
const SESSIONS = 20;
const WORKERS = 4;
/** Bounds of the load loop: it never runs longer or more often than this. */
const LOOP_DEADLINE_MS = 40_000;
const MAX_CALLS_PER_WORKER = 20_000;
const PACE_MS = 5;

/** The README's advice on, and off: the timeout alone must bound both. */
const CONFIGS = CLIENT_KINDS.filter((kind) => kind.topology === "single").flatMap((kind) =>
  [true, false].map((failFast) => ({ kind, failFast })),
);

interface Call {
  readonly start: number;
  readonly end: number;
  readonly error: unknown;
}

type Phase = "before" | "paused" | "resumed" | "down" | "restarted";

interface Mark {
  readonly phase: Phase;
  readonly at: number;
}

/** One store under load: its calls, and the sessions it wrote before the outage. */
interface Subject {
  readonly name: string;
  readonly store: RedisStore;
  readonly connection: ConnectedClient;
  readonly sessions: Map<string, SessionData>;
  readonly calls: Call[];
  hung: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work`, recording how long it took; a call still open after HUNG_AFTER_MS counts as hung. */
async function timed(subject: Subject, work: () => Promise<unknown>): Promise<void> {
  const start = Date.now();
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) => {
    watchdog = setTimeout(() => resolve("hung"), HUNG_AFTER_MS);
  });
  const outcome = await Promise.race([
    work().then(
      () => ({ error: undefined }),
      (error: unknown) => ({ error }),
    ),
    hung,
  ]);
  clearTimeout(watchdog);
  if (outcome === "hung") subject.hung++;
  else subject.calls.push({ start, end: Date.now(), error: outcome.error });
}

async function worker(subject: Subject, index: number, running: () => boolean): Promise<void> {
  const ids = [...subject.sessions.keys()];
  for (let call = 0; call < MAX_CALLS_PER_WORKER && running(); call++) {
    const sid = ids[call % ids.length] as string;
    await timed(subject, () => subject.store.get(sid));
    await timed(subject, () => subject.store.patch(sid, { set: [[`w${index}`, call]], unset: [] }));
    // Requests arrive as I/O: without a pause, calls that fail at once (no offline queue)
    // would loop on microtasks alone and starve the timers that drive the outage.
    await sleep(PACE_MS);
  }
}

function succeededAfter(subject: Subject, at: number): boolean {
  return subject.calls.some((call) => call.start >= at && call.error === undefined);
}

/** Waits (bounded) until every subject has had a successful call that started after `at`. */
async function untilAllSucceedAfter(subjects: readonly Subject[], at: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!subjects.every((subject) => succeededAfter(subject, at)) && Date.now() < deadline) {
    await sleep(50);
  }
}

/** The slowest call that started in [from, to), and how many of them failed. */
function during(subject: Subject, from: number, to: number) {
  const calls = subject.calls.filter((call) => call.start >= from && call.start < to);
  return {
    calls: calls.length,
    failed: calls.filter((call) => call.error !== undefined).length,
    slowestMs: Math.max(0, ...calls.map((call) => call.end - call.start)),
  };
}

describeWithServer("redis", "RedisStore through a Redis outage", async () => {
  const server: RedisServer = await startRedis({ durable: true });
  afterAll(() => server.stop());

  it("answers every call within the timeout, recovers without new clients, and loses no session", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    const subjects: Subject[] = [];
    try {
      for (const { kind, failFast } of CONFIGS) {
        const connection = await kind.connect(server.url, { failFast });
        const name = `${kind.name}${failFast ? " (no offline queue)" : " (defaults)"}`;
        const prefix = `outage:${subjects.length}:`;
        const store = new RedisStore({ client: connection.client, prefix, timeout: TIMEOUT_MS });
        const sessions = new Map<string, SessionData>();
        for (let index = 0; index < SESSIONS; index++) {
          const cookie = { path: "/", httpOnly: true, secure: false, maxAge: 3600 };
          const session = {
            cookie: { ...cookie, expires: new Date(Date.now() + 3_600_000) },
            user: `user-${index}`,
          };
          await store.set(`s${index}`, session);
          sessions.set(`s${index}`, session);
        }
        subjects.push({ name, store, connection, sessions, calls: [], hung: 0 });
      }

      let running = true;
      const loopStart = Date.now();
      const loops = subjects.flatMap((subject) =>
        Array.from({ length: WORKERS }, (_, index) =>
          worker(subject, index, () => running && Date.now() - loopStart < LOOP_DEADLINE_MS),
        ),
      );
      const marks: Mark[] = [{ phase: "before", at: Date.now() }];
      const mark = (phase: Phase) => marks.push({ phase, at: Date.now() });
      await sleep(300);
      server.pause();
      mark("paused");
      await sleep(3 * TIMEOUT_MS);
      server.resume();
      mark("resumed");
      await untilAllSucceedAfter(subjects, Date.now());
      mark("down");
      await server.kill();
      await sleep(3 * TIMEOUT_MS);
      await server.restart();
      mark("restarted");
      await untilAllSucceedAfter(subjects, Date.now());
      await sleep(200);
      running = false;
      await Promise.all(loops);

      const at = (phase: Phase) => marks.find((m) => m.phase === phase)?.at as number;
      const report = subjects.map((subject) => {
        const firstSuccess = subject.calls.find(
          (call) => call.start >= at("restarted") && call.error === undefined,
        );
        return {
          client: subject.name,
          paused: during(subject, at("paused"), at("resumed")),
          down: during(subject, at("down"), at("restarted")),
          backAfterRestartMs: firstSuccess ? firstSuccess.end - at("restarted") : undefined,
        };
      });
      if (process.env.NEXT_SESSION_OUTAGE_REPORT) console.info(JSON.stringify(report, null, 2));

      for (const subject of subjects) {
        expect(subject.hung, `${subject.name}: calls that did not settle`).toBe(0);
        for (const { error } of subject.calls.filter((call) => call.error !== undefined)) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^next-session: /);
        }
        // The outage was real for every client, and every one came back by itself.
        expect(during(subject, at("paused"), at("resumed")).failed).toBeGreaterThan(0);
        expect(during(subject, at("down"), at("restarted")).failed).toBeGreaterThan(0);
        expect(succeededAfter(subject, at("restarted")), `${subject.name} recovered`).toBe(true);
      }
      expect(rejections).toEqual([]);

      // What was written before the outage is all there, through the same clients.
      for (const subject of subjects) {
        for (const [sid, session] of subject.sessions) {
          expect(await subject.store.get(sid)).toMatchObject(session);
        }
      }
    } finally {
      process.off("unhandledRejection", onRejection);
      await Promise.all(subjects.map((subject) => subject.connection.close()));
    }
  }, 90_000);
});
