import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres.js";
import { startRedis, startRedisCluster } from "./redis.js";
import { type RunningService, ServiceUnavailableError } from "./service.js";

const STARTERS = {
  redis: () => startRedis(),
  redisCluster: startRedisCluster,
  postgres: startPostgres,
} as const;

export type ServiceName = keyof typeof STARTERS;
export type ServiceUrls = Partial<Record<ServiceName, string>>;

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of each server this run started; a missing name means its suites are skipped. */
    services: ServiceUrls;
  }
}

/** CI sets this (or CI=true): a server that cannot run is then a failure, not a skip. */
export const REQUIRE_ENV = "NEXT_SESSION_REQUIRE_SERVERS";

function serversRequired(): boolean {
  return process.env[REQUIRE_ENV] === "1" || process.env.CI === "true";
}

function warnSkipped(skipped: ReadonlyMap<ServiceName, string>): void {
  const lines = [...skipped].map(([name, reason]) => `  - ${name} store suites: ${reason}`);
  console.warn(
    [
      "",
      "!".repeat(78),
      "!! SKIPPING real-server store suites (they run in CI, where skipping fails):",
      ...lines,
      `!! Install them with: apt-get install -y redis-server postgresql`,
      `!! Set ${REQUIRE_ENV}=1 to make this a failure.`,
      "!".repeat(78),
      "",
    ].join("\n"),
  );
}

/**
 * Vitest global setup: starts one Redis, one Redis Cluster and one PostgreSQL server for the whole run
 * (suites keep apart by key prefix or table), hands their URLs to the test files through
 * `inject("services")`, and stops them when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const names = Object.keys(STARTERS) as ServiceName[];
  const results = await Promise.allSettled(names.map((name) => STARTERS[name]()));
  const started: RunningService[] = [];
  const urls: ServiceUrls = {};
  const skipped = new Map<ServiceName, string>();
  const failures: string[] = [];
  results.forEach((result, index) => {
    const name = names[index] as ServiceName;
    if (result.status === "fulfilled") {
      started.push(result.value);
      urls[name] = result.value.url;
    } else if (result.reason instanceof ServiceUnavailableError && !serversRequired()) {
      skipped.set(name, result.reason.message);
    } else {
      failures.push(`${name}: ${String(result.reason)}`);
    }
  });
  const stopAll = async () => {
    await Promise.all(started.map((service) => service.stop()));
  };
  if (failures.length > 0) {
    await stopAll();
    throw new Error(
      `Could not start the servers that the store suites need (${REQUIRE_ENV}=${process.env[REQUIRE_ENV] ?? ""}, CI=${process.env.CI ?? ""}):\n${failures.join("\n")}`,
    );
  }
  if (skipped.size > 0) warnSkipped(skipped);
  project.provide("services", urls);
  return stopAll;
}
