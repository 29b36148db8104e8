// In-process cycle: ours against next-session 4.0.5, alternating blocks in one process;
// a "bare" cycle (the same IncomingMessage/ServerResponse work, no session) is timed too,
// so that the libraries' own cost per request can be read off.
import nextSessionRef from "next-session-ref";
import nextSession from "../../dist/index.js";
import { CHANGES, createVisitors, timeCycles } from "./cycle.mjs";
import { MAX_AGE_SECONDS, oursOptions } from "./implementations.mjs";
import { median, round } from "./stats.mjs";

function bareGetSession() {
  return Promise.resolve({ views: 1 });
}

export async function runInProcess({ blocks, cyclesPerBlock, sessions, owners }) {
  const libraries = {
    bare: bareGetSession,
    ours: nextSession(oursOptions(owners)),
    "next-session": nextSessionRef({ cookie: { maxAge: MAX_AGE_SECONDS } }),
  };
  const cookies = {
    bare: [],
    ours: await createVisitors(libraries.ours, "sid", sessions),
    "next-session": await createVisitors(libraries["next-session"], "sid", sessions),
  };
  const results = {};
  for (const scenario of Object.keys(CHANGES)) {
    const times = { bare: [], ours: [], "next-session": [] };
    const names = Object.keys(libraries);
    for (let block = -2; block < blocks; block += 1) {
      // Rotate the order each block so that no library always runs after the same one.
      for (let i = 0; i < names.length; i += 1) {
        const name = names[(i + block + 2) % names.length];
        const ns = await timeCycles(libraries[name], scenario, cookies[name], cyclesPerBlock);
        if (block >= 0) times[name].push(ns);
      }
    }
    const ratio = times.ours.map((ns, i) => times["next-session"][i] / ns);
    const overhead = (name) => median(times[name].map((ns, i) => ns - times.bare[i])) / 1000;
    results[scenario] = {
      bareMicros: round(median(times.bare) / 1000),
      oursMicros: round(median(times.ours) / 1000),
      nextSessionMicros: round(median(times["next-session"]) / 1000),
      oursOverheadMicros: round(overhead("ours")),
      nextSessionOverheadMicros: round(overhead("next-session")),
      oursOverNextSession: round(median(ratio)),
    };
  }
  return results;
}
