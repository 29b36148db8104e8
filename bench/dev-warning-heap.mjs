// What the development commit watcher keeps alive under load: loads sessions from Fetch
// Requests (each with a 2 KB Cookie header, about what a browser sends) as fast as it can,
// for at most REQUESTS requests or SECONDS seconds, never committing them, then reports the
// heap growth after a full GC and the warnings printed.
//
//   npm run build && NODE_ENV=development node --expose-gc bench/dev-warning-heap.mjs [entry]
//
// `entry` is the built entry point to measure (default: ./dist/index.js), so that another
// build (say, of main) can be measured the same way. CHANGE=0 leaves the sessions unchanged.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const SECONDS = Number(process.env.SECONDS ?? 4);
const change = process.env.CHANGE !== "0";
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

const entry = pathToFileURL(resolve(process.argv[2] ?? "dist/index.js")).href;
const { nextSession } = await import(entry);
const getSession = nextSession();
const cookie = `sid=unknown; pref=${"x".repeat(2048)}`;

let warnings = 0;
const warn = console.warn;
console.warn = () => {
  warnings += 1;
};

globalThis.gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
let served = 0;
while (served < REQUESTS && performance.now() - started < SECONDS * 1000) {
  const session = await getSession(
    new Request("http://app.test/", { headers: { cookie } }),
    new Headers(),
  );
  if (change) session.views = served;
  served += 1;
}
const elapsed = (performance.now() - started) / 1000;
globalThis.gc();
const after = process.memoryUsage().heapUsed;
// Let the watcher's checks run (5 to 10 s after the last load), to count its warnings.
await new Promise((done) => setTimeout(done, 11_000));
console.warn = warn;
console.log(
  JSON.stringify({
    NODE_ENV: process.env.NODE_ENV ?? null,
    change,
    requests: served,
    seconds: Number(elapsed.toFixed(1)),
    heapGrowthMB: Number(((after - before) / 1e6).toFixed(1)),
    warnings,
  }),
);
