// Scaling: the per-request cost as the store fills up, and as the session grows.
import nextSessionRef from "next-session-ref";
import nextSession, { MemoryStore } from "../../dist/index.js";
import { timeCycles } from "./cycle.mjs";
import { MAX_AGE_SECONDS } from "./implementations.mjs";
import { median, round } from "./stats.mjs";

// next-session 4.0.5 does not export its MemoryStore; it sits beside its entry file.
const { default: nextSessionRefMemoryStore } = await import(
  new URL("memory-store.js", import.meta.resolve("next-session-ref")).href
);

const LIBRARIES = {
  ours: { nextSession, Store: MemoryStore },
  "next-session": { nextSession: nextSessionRef, Store: nextSessionRefMemoryStore },
};

function record(extra) {
  const expires = new Date(Date.now() + MAX_AGE_SECONDS * 1000);
  return {
    cookie: { path: "/", httpOnly: true, secure: false, maxAge: MAX_AGE_SECONDS, expires },
    views: 1,
    ...extra,
  };
}

/** Ids shaped like nanoid's (21 URL-safe characters), unique by their counter prefix. */
function idOf(i) {
  return `${i.toString(36).padStart(8, "0")}_abcdefghijkl`;
}

/**
 * Times `scenario` for each library in alternating blocks; each block lasts about
 * `blockMs`. Returns the median microseconds per cycle for each library.
 */
async function compare(setups, scenario, { blocks, blockMs }) {
  const names = Object.keys(setups);
  const cycles = {};
  for (const name of names) {
    const { getSession, cookies } = setups[name];
    // Warm up for about a block, then size the blocks on the warm figure.
    let ns = await timeCycles(getSession, scenario, cookies, 20);
    for (let spent = 0; spent < blockMs * 1e6; spent += ns * 200) {
      ns = await timeCycles(getSession, scenario, cookies, 200);
    }
    cycles[name] = Math.max(20, Math.round((blockMs * 1e6) / ns));
  }
  const times = Object.fromEntries(names.map((name) => [name, []]));
  // The first round is a discarded warm-up: it lets the JIT settle on the new shapes.
  for (let block = -1; block < blocks; block += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(i + block + 1) % names.length];
      const { getSession, cookies } = setups[name];
      const ns = await timeCycles(getSession, scenario, cookies, cycles[name]);
      if (block >= 0) times[name].push(ns);
    }
  }
  return Object.fromEntries(names.map((name) => [name, round(median(times[name]) / 1000)]));
}

/** Per-request cost of a returning visitor as MemoryStore grows to each of `counts`. */
export async function runSessionCount({ counts, visitors, blocks, blockMs, log }) {
  const setups = {};
  for (const [name, { nextSession: create, Store }] of Object.entries(LIBRARIES)) {
    const store = new Store();
    setups[name] = {
      store,
      getSession: create({ store, cookie: { maxAge: MAX_AGE_SECONDS } }),
      filled: 0,
      cookies: [],
    };
  }
  const results = {};
  for (const count of counts) {
    for (const setup of Object.values(setups)) {
      for (; setup.filled < count; setup.filled += 1) {
        await setup.store.set(idOf(setup.filled), record());
      }
      // Visitors spread evenly over the whole store, not only the oldest entries.
      const step = Math.max(1, Math.floor(count / visitors));
      setup.cookies = Array.from(
        { length: Math.min(visitors, count) },
        (_, i) => `sid=${idOf(i * step)}`,
      );
    }
    results[count] = {
      read: await compare(setups, "read", { blocks, blockMs }),
      write: await compare(setups, "write", { blocks, blockMs }),
    };
    log(`  scaling: ${count} sessions done`);
  }
  return results;
}

/** A payload of about `bytes` bytes of JSON, shaped like real data: many small objects. */
function payloadOf(bytes) {
  const items = [];
  let size = 2;
  for (let id = 0; size < bytes; id += 1) {
    const item = { id, label: `item ${id}`, done: id % 2 === 0 };
    items.push(item);
    size += JSON.stringify(item).length + 1;
  }
  return items;
}

/**
 * A store that hands out a fresh top-level object but shares the payload (safe here only
 * because the scenarios never change it): what is left is the library's own cost.
 */
class SharingStore {
  map = new Map();
  async get(sid) {
    const sess = this.map.get(sid);
    return sess === undefined ? null : { ...sess, cookie: { ...sess.cookie } };
  }
  async set(sid, sess) {
    this.map.set(sid, { ...sess });
  }
  async destroy(sid) {
    this.map.delete(sid);
  }
  async touch(sid, sess) {
    this.map.set(sid, { ...sess });
  }
}

/** Per-request cost of a returning visitor whose session carries a payload of each size. */
export async function runPayloadSize({ sizes, visitors, blocks, blockMs, log }) {
  const results = {};
  for (const bytes of sizes) {
    const items = payloadOf(bytes);
    results[bytes] = {};
    for (const storeKind of ["MemoryStore", "SharingStore"]) {
      const setups = {};
      for (const [name, { nextSession: create, Store }] of Object.entries(LIBRARIES)) {
        const store = storeKind === "MemoryStore" ? new Store() : new SharingStore();
        for (let i = 0; i < visitors; i += 1) await store.set(idOf(i), record({ items }));
        const getSession = create({ store, cookie: { maxAge: MAX_AGE_SECONDS } });
        const cookies = Array.from({ length: visitors }, (_, i) => `sid=${idOf(i)}`);
        setups[name] = { getSession, cookies };
      }
      results[bytes][storeKind] = {
        read: await compare(setups, "read", { blocks, blockMs }),
        write: await compare(setups, "write", { blocks, blockMs }),
      };
    }
    log(`  scaling: ${bytes} B payload done`);
  }
  return results;
}
