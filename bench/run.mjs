// `npm run bench [-- --quick] [-- --only=http,inprocess,scaling,heap] [-- --owners]`
// Builds first (through the npm script), then measures dist/ as users get it, prints the
// tables and the targets, and writes a compact results file to bench/results/.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runHttp, SCENARIOS } from "./lib/http.mjs";
import { IMPLEMENTATIONS } from "./lib/implementations.mjs";
import { runInProcess } from "./lib/inprocess.mjs";
import { runPayloadSize, runSessionCount } from "./lib/scaling.mjs";
import { formatTable } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", default: "http,inprocess,scaling,heap" },
    // Ours with `owner` and `absoluteTimeout` set (in-process and heap sections).
    owners: { type: "boolean", default: false },
  },
});
const sections = new Set(values.only.split(","));

// Full: about 6 minutes on 2 cores; quick: about 1.5.
const CONFIG = values.quick
  ? {
      http: { rounds: 3, seconds: 1, sessions: 1000 },
      inprocess: { blocks: 5, cyclesPerBlock: 1000, sessions: 1000 },
      counts: { counts: [1e3, 1e5], visitors: 1000, blocks: 3, blockMs: 40 },
      payloads: { sizes: [100, 10_000, 100_000], visitors: 50, blocks: 3, blockMs: 40 },
      heap: { count: 20_000 },
    }
  : {
      http: { rounds: 7, seconds: 2, sessions: 1000 },
      inprocess: { blocks: 15, cyclesPerBlock: 2000, sessions: 1000 },
      counts: { counts: [1e3, 1e5, 1e6], visitors: 1000, blocks: 7, blockMs: 60 },
      payloads: { sizes: [100, 10_000, 100_000], visitors: 200, blocks: 7, blockMs: 60 },
      heap: { count: 100_000 },
    };

const log = (line) => process.stderr.write(`${line}\n`);
const results = {
  date: new Date().toISOString(),
  mode: values.quick ? "quick" : "full",
  owners: values.owners,
  commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))),
  config: CONFIG,
};
const targets = [];
const target = (name, value, ok) => targets.push([name, value ?? "n/a", ok ? "met" : "MISSED"]);

if (sections.has("http")) {
  log("HTTP (autocannon, interleaved slices)…");
  const http = await runHttp({ ...CONFIG.http, log });
  results.http = http;
  for (const scenario of SCENARIOS) {
    const { impls, oursOver, capacityOver } = http[scenario];
    console.log(`\nHTTP ${scenario}: medians over ${CONFIG.http.rounds} rounds`);
    console.log(
      formatTable(
        [
          "implementation",
          "req/s",
          "CPU µs/req",
          "p99 ms",
          "wrong answers",
          "ours ÷ it (req/s)",
          "ours ÷ it (CPU)",
        ],
        IMPLEMENTATIONS.map((impl) => [
          impl,
          impls[impl].rps,
          impls[impl].cpuMicrosPerRequest,
          impls[impl].p99Ms,
          `${impls[impl].wrong}/${impls[impl].requests}`,
          impl === "ours" ? "" : `${oursOver[impl]}×`,
          impl === "ours" ? "" : `${capacityOver[impl]}×`,
        ]),
      ),
    );
  }
  const wrong = SCENARIOS.flatMap((s) => IMPLEMENTATIONS.map((i) => http[s].impls[i].wrong));
  if (wrong.some((count) => count > 0)) console.log("\nWRONG ANSWERS UNDER LOAD: see the tables");
  const bareFloor = { read: 0.9, write: 0.85, new: 0.6 };
  const refFloor = { read: 1.5, write: 1.5, new: 2 };
  // Two readings of each target: served req/s (what the issue asks; on 2 cores the load
  // generator shares the machine and caps every server alike, which pulls ratios towards 1)
  // and server CPU per request (what each server could serve on a core of its own).
  for (const [kind, key] of [
    ["req/s", "oursOver"],
    ["CPU", "capacityOver"],
  ]) {
    for (const scenario of SCENARIOS) {
      const over = http[scenario][key];
      const floors = [
        ["bare", bareFloor[scenario]],
        ["next-session", refFloor[scenario]],
        ["express-session", 2],
      ];
      for (const [other, floor] of floors) {
        target(
          `${scenario}: ours ÷ ${other} ≥ ${floor} (${kind})`,
          over[other],
          over[other] >= floor,
        );
      }
    }
  }
}

if (sections.has("inprocess")) {
  log("In-process cycle…");
  const inprocess = await runInProcess({ ...CONFIG.inprocess, owners: values.owners });
  results.inprocess = inprocess;
  console.log("\nIn-process cycle (µs per request; overhead = minus the bare cycle)");
  console.log(
    formatTable(
      [
        "scenario",
        "bare",
        "ours",
        "next-session",
        "ours overhead",
        "next-session overhead",
        "ours speed-up",
      ],
      SCENARIOS.map((s) => {
        const r = inprocess[s];
        return [
          s,
          r.bareMicros,
          r.oursMicros,
          r.nextSessionMicros,
          r.oursOverheadMicros,
          r.nextSessionOverheadMicros,
          `${r.oursOverNextSession}×`,
        ];
      }),
    ),
  );
  for (const s of SCENARIOS) {
    const ratio = inprocess[s].oursOverNextSession;
    target(`in-process ${s}: ours ÷ next-session ≥ 1.5`, ratio, ratio >= 1.5);
  }
}

if (sections.has("scaling")) {
  log("Scaling with session count…");
  const counts = await runSessionCount({ ...CONFIG.counts, log });
  log("Scaling with payload size…");
  const payloads = await runPayloadSize({ ...CONFIG.payloads, log });
  results.scaling = { counts, payloads };
  console.log("\nSessions in MemoryStore → µs per request (read / write)");
  console.log(
    formatTable(
      ["sessions", "ours read", "ours write", "next-session read", "next-session write"],
      Object.entries(counts).map(([count, r]) => [
        Number(count).toExponential(0),
        r.read.ours,
        r.write.ours,
        r.read["next-session"],
        r.write["next-session"],
      ]),
    ),
  );
  const reads = Object.values(counts).map((r) => r.read.ours);
  const spread = Math.max(...reads) / Math.min(...reads);
  target(
    "ours read cost, largest ÷ smallest store ≤ 1.25",
    Number(spread.toFixed(2)),
    spread <= 1.25,
  );
  console.log("\nSession payload → µs per request (read / write)");
  console.log(
    formatTable(
      ["payload B", "store", "ours read", "ours write", "next-session read", "next-session write"],
      Object.entries(payloads).flatMap(([bytes, byStore]) =>
        Object.entries(byStore).map(([store, r]) => [
          bytes,
          store,
          r.read.ours,
          r.write.ours,
          r.read["next-session"],
          r.write["next-session"],
        ]),
      ),
    ),
  );
}

if (sections.has("heap")) {
  log("Retained heap per idle session…");
  const script = fileURLToPath(new URL("./lib/heap.mjs", import.meta.url));
  const heap = {};
  for (const name of ["ours", "next-session"]) {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", script, name, String(CONFIG.heap.count), values.owners ? "owners" : ""],
      {
        encoding: "utf8",
      },
    );
    heap[name] = JSON.parse(out).bytesPerSession;
  }
  results.heap = heap;
  console.log(`\nRetained heap per idle session in MemoryStore (${CONFIG.heap.count} sessions)`);
  console.log(formatTable(["library", "bytes"], Object.entries(heap)));
  target("retained heap per idle session ≤ 250 B", heap.ours, heap.ours <= 250);
}

console.log("\nTargets");
console.log(formatTable(["target", "measured", ""], targets));
results.targets = targets;

const dir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${results.date.replace(/[:.]/g, "-")}-${results.mode}.json`;
writeFileSync(file, `${JSON.stringify(results)}\n`);
log(`\nResults written to ${file}`);
