import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession } from "../../src/index.js";
import { serve } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

/**
 * Sized to finish in a few seconds on a 2-core CI machine while still running hundreds of
 * sessions side by side; the test's own timeout stops it should the machine stall.
 */
const SESSIONS = 500;
const INCREMENTS = 40;
/** Every DESTROY_EVERY-th session logs out at the end: the store must hold only the rest. */
const DESTROY_EVERY = 10;
const SOCKETS = 32;
const TIME_LIMIT_MS = 60_000;

interface Reply {
  body: string;
  setCookie: string | undefined;
}

function send(agent: Agent, url: string, cookie: string | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        const [set] = cookiesNamed(res.headers, "sid");
        resolve({ body, setCookie: set && `sid=${set.value}` });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("load over loopback", () => {
  it(
    "loses no update across many concurrent sessions, and the store holds exactly the live ones",
    async () => {
      const store = new MemoryStore();
      const getSession = nextSession({ store, cookie: { maxAge: 3600 } });
      const server = await serve(async (req, res) => {
        const session = await getSession(req, res);
        if (req.url === "/logout") {
          await session.destroy();
          res.end("bye");
          return;
        }
        if (req.url === "/increment")
          session.count = ((session.count as number | undefined) ?? 0) + 1;
        res.end(String(session.count ?? 0));
      });
      const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
      let requests = 0;
      const started = performance.now();
      try {
        // Each session increments strictly in sequence; the sessions run side by side.
        const finals = await Promise.all(
          Array.from({ length: SESSIONS }, async (_, index) => {
            let cookie: string | undefined;
            for (let i = 0; i < INCREMENTS; i++) {
              const reply = await send(agent, `${server.url}/increment`, cookie);
              requests++;
              cookie = reply.setCookie ?? cookie;
            }
            const check = await send(agent, `${server.url}/read`, cookie);
            requests++;
            if (index % DESTROY_EVERY === 0) {
              await send(agent, `${server.url}/logout`, cookie);
              requests++;
            }
            return Number(check.body);
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        const lost = finals.reduce((sum, count) => sum + (INCREMENTS - count), 0);
        console.log(
          `load: ${SESSIONS} sessions, ${requests} requests over ${SOCKETS} keep-alive sockets in ${seconds.toFixed(1)} s (${Math.round(requests / seconds)} req/s), lost updates: ${lost}`,
        );
        expect(finals).toEqual(Array(SESSIONS).fill(INCREMENTS));
        expect(store.store.size).toBe(SESSIONS - Math.ceil(SESSIONS / DESTROY_EVERY));
      } finally {
        agent.destroy();
      }
    },
    TIME_LIMIT_MS,
  );
});
