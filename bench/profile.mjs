// `node bench/profile.mjs <read|write|new> [ours|next-session] [seconds]`
// Profiles the in-process cycle with the V8 sampling profiler (what `node --cpu-prof`
// records) and prints the functions with the most self time, so that a change can be
// aimed at what actually costs. Build first: it measures dist/.
import { Session } from "node:inspector/promises";
import nextSessionRef from "next-session-ref";
import nextSession from "../dist/index.js";
import { CHANGES, createVisitors, timeCycles } from "./lib/cycle.mjs";
import { MAX_AGE_SECONDS } from "./lib/implementations.mjs";
import { formatTable } from "./lib/stats.mjs";

const [scenario = "read", library = "ours", seconds = "3"] = process.argv.slice(2);
if (!(scenario in CHANGES)) throw new TypeError(`bench: unknown scenario "${scenario}"`);
const create = library === "ours" ? nextSession : nextSessionRef;
const getSession = create({ cookie: { maxAge: MAX_AGE_SECONDS } });
const cookies = await createVisitors(getSession, "sid", 1000);
await timeCycles(getSession, scenario, cookies, 20_000); // warm-up

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
await session.post("Profiler.start");
const deadline = Date.now() + Number(seconds) * 1000;
let cycles = 0;
while (Date.now() < deadline) {
  await timeCycles(getSession, scenario, cookies, 2000);
  cycles += 2000;
}
const { profile } = await session.post("Profiler.stop");
session.disconnect();

const selfTime = new Map();
const interval = (profile.endTime - profile.startTime) / profile.samples.length;
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules\/)?/, "")}:${lineNumber + 1}` : "";
  const key = `${functionName || "(anonymous)"} ${where}`.trim();
  selfTime.set(key, (selfTime.get(key) ?? 0) + (counts.get(node.id) ?? 0) * interval);
}
const total = [...selfTime.values()].reduce((sum, t) => sum + t, 0);
const rows = [...selfTime.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 25)
  .map(([name, t]) => [name, ((t / total) * 100).toFixed(1), ((t / cycles) * 1).toFixed(2)]);
console.log(
  `${library} ${scenario}: ${cycles} cycles, ${(total / cycles).toFixed(2)} µs sampled per cycle`,
);
console.log(formatTable(["function", "self %", "µs/cycle"], rows));
