// Retained heap per idle session in MemoryStore. Run as its own process with
// --expose-gc (run.mjs does that): `node --expose-gc heap.mjs <library> <count> [owners]`.
import nextSessionRef from "next-session-ref";
import nextSession from "../../dist/index.js";
import { fakeExchange } from "./cycle.mjs";
import { MAX_AGE_SECONDS, oursOptions } from "./implementations.mjs";

const factories = {
  ours: (owners) => nextSession(oursOptions(owners)),
  "next-session": () => nextSessionRef({ cookie: { maxAge: MAX_AGE_SECONDS } }),
};

async function measure(name, count, owners) {
  const getSession = factories[name](owners);
  const create = async () => {
    const { req, res } = fakeExchange();
    const session = await getSession(req, res);
    session.views = 1;
    res.end();
  };
  // Warm up first, so that compiled code and lazily created shared objects are not counted.
  for (let i = 0; i < 1000; i += 1) await create();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i += 1) await create();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return Math.round((after - before) / count);
}

if (typeof globalThis.gc !== "function") throw new Error("bench: heap.mjs needs --expose-gc");
const [name, count, owners] = process.argv.slice(2);
const bytesPerSession = await measure(name, Number(count), owners === "owners");
process.stdout.write(JSON.stringify({ bytesPerSession }));
