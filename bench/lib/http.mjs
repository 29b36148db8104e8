// HTTP benchmark: one server process per implementation on 127.0.0.1, driven in turn by
// autocannon in short interleaved slices, so that noise from the shared machine hits every
// implementation alike; ratios are taken between slices of the same round.
import { fork } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { IMPLEMENTATIONS, seedViews } from "./implementations.mjs";
import { median, round } from "./stats.mjs";

export const SCENARIOS = ["read", "write", "new"];
const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
const CONNECTIONS = 10;

function startServer(name) {
  const child = fork(SERVER, [name], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", ({ port }) => {
      resolve({ name, child, port });
    });
  });
}

function askCpu(server) {
  return new Promise((resolve) => {
    server.child.once("message", resolve);
    server.child.send("cpu");
  });
}

function get(agent, port, path, cookie) {
  return new Promise((resolve, reject) => {
    const headers = cookie === undefined ? {} : { cookie };
    const req = httpRequest({ agent, host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** autocannon keeps header names as the server wrote them: look them up in any case. */
function setCookieOf(headers) {
  for (const name in headers) {
    if (name.toLowerCase() === "set-cookie") return headers[name];
  }
  return undefined;
}

/** `name=value` of the first Set-Cookie, which is all a browser sends back. */
function cookieOf(setCookie) {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return first === undefined ? undefined : first.split(";", 1)[0];
}

/** Creates `count` returning visitors numbered from `first`; returns their cookies. */
async function seed(server, first, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const cookies = [];
  for (let n = first; n < first + count; n += 1) {
    const { status, headers, body } = await get(agent, server.port, `/seed/${n}`);
    const cookie = cookieOf(headers["set-cookie"]);
    if (status !== 200 || cookie === undefined || body !== `${n}:${seedViews(n)}`) {
      throw new Error(`bench: seeding ${server.name} failed (${status} ${body})`);
    }
    cookies.push(cookie);
  }
  agent.destroy();
  return cookies;
}

/**
 * Visitors are served in strict rotation over the pool: with at most CONNECTIONS requests
 * in flight and a pool far larger, a visitor's previous request has always been answered
 * before the next one is sent, so every answer can be predicted exactly.
 */
function createVisitorPool(cookies, first) {
  return {
    cookies,
    views: cookies.map((_, i) => seedViews(first + i)),
    first,
    next: 0,
    /** Visitors whose request is on the wire. */
    inFlight: new Set(),
    /** Visitors whose last request was cut off by the end of a slice: the server may or may not have counted it. */
    uncertain: new Set(),
    /**
     * autocannon builds every connection's first request up front into one shared buffer,
     * so the first burst of a slice sends one visitor on all connections at once. That
     * visitor is this spare one, never checked: concurrent writes to one session race in
     * any server-side store.
     */
    spare: cookies.pop(),
    starting: false,
    spareSent: 0,
  };
}

function buildRequest(server, scenario, pools, check) {
  const path = `/${scenario}`;
  if (scenario === "new") {
    return {
      method: "GET",
      path,
      onResponse(status, body, _context, headers) {
        const ok = status === 200 && body === "-:1";
        check(server.name === "bare" ? status === 200 : ok && setCookieOf(headers) !== undefined);
      },
    };
  }
  const pool = pools[scenario];
  return {
    method: "GET",
    path,
    setupRequest(request) {
      if (pool.starting) {
        pool.spareSent += 1;
        request.headers = { cookie: pool.spare };
        return request;
      }
      request.headers = { cookie: pool.cookies[pool.next] };
      pool.inFlight.add(pool.next);
      pool.next = (pool.next + 1) % pool.cookies.length;
      return request;
    },
    onResponse(status, body, _context, headers) {
      if (server.name === "bare") {
        check(status === 200);
        return;
      }
      const separator = body.indexOf(":");
      const index = Number(body.slice(0, separator)) - pool.first;
      const views = Number(body.slice(separator + 1));
      if (index === pool.cookies.length) {
        check(status === 200); // the spare visitor
        return;
      }
      pool.inFlight.delete(index);
      const expected = pool.views[index];
      if (scenario === "read") {
        check(status === 200 && views === expected);
        return;
      }
      const cutOff = pool.uncertain.delete(index) && views === expected + 2;
      const ok = status === 200 && (views === expected + 1 || cutOff);
      check(ok);
      if (!ok) return;
      pool.views[index] = views;
      // A cookie-only session carries its data in the cookie: the client keeps the new one.
      const cookie = cookieOf(setCookieOf(headers));
      if (cookie !== undefined) pool.cookies[index] = cookie;
    },
  };
}

async function slice(server, scenario, pools, seconds) {
  let wrong = 0;
  const check = (ok) => {
    if (!ok) wrong += 1;
  };
  const pool = pools[scenario];
  const before = await askCpu(server);
  if (pool) pool.starting = true;
  const running = autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [buildRequest(server, scenario, pools, check)],
  });
  if (pool) pool.starting = false;
  const result = await running;
  const after = await askCpu(server);
  if (pool) {
    for (const index of pool.inFlight) pool.uncertain.add(index);
    pool.inFlight.clear();
  }
  const served = after.requests - before.requests;
  return {
    rps: result.requests.total / result.duration,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, served),
    p99: result.latency.p99,
    wrong: wrong + result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

/**
 * Runs every implementation × scenario in `rounds` interleaved rounds of `seconds`-long
 * slices (after one discarded warm-up round) and returns per-round figures and medians.
 */
export async function runHttp({ rounds, seconds, sessions, log }) {
  const servers = await Promise.all(IMPLEMENTATIONS.map(startServer));
  try {
    const pools = {};
    for (const server of servers) {
      if (server.name === "bare") continue;
      pools[server.name] = {
        read: createVisitorPool(await seed(server, 0, sessions + 1), 0),
        write: createVisitorPool(await seed(server, sessions, sessions + 1), sessions),
      };
    }
    // The bare server ignores cookies but receives the same bytes.
    pools.bare = {
      read: createVisitorPool([...pools.ours.read.cookies, pools.ours.read.spare], 0),
      write: createVisitorPool([...pools.ours.write.cookies, pools.ours.write.spare], sessions),
    };
    const slices = [];
    for (let r = -1; r < rounds; r += 1) {
      for (const scenario of SCENARIOS) {
        for (let i = 0; i < servers.length; i += 1) {
          const server = servers[(i + Math.max(r, 0)) % servers.length];
          const figures = await slice(server, scenario, pools[server.name], r < 0 ? 1 : seconds);
          if (r >= 0) slices.push({ round: r, scenario, impl: server.name, ...figures });
        }
      }
      if (r >= 0) log(`  http round ${r + 1}/${rounds} done`);
    }
    return summarise(slices, rounds);
  } finally {
    for (const server of servers) server.child.send("stop");
  }
}

function summarise(slices, rounds) {
  const find = (round, scenario, impl) =>
    slices.find((s) => s.round === round && s.scenario === scenario && s.impl === impl);
  const scenarios = {};
  for (const scenario of SCENARIOS) {
    const impls = {};
    for (const impl of IMPLEMENTATIONS) {
      const mine = slices.filter((s) => s.scenario === scenario && s.impl === impl);
      impls[impl] = {
        rps: round(median(mine.map((s) => s.rps)), 0),
        cpuMicrosPerRequest: round(median(mine.map((s) => s.cpuMicrosPerRequest)), 1),
        p99Ms: round(median(mine.map((s) => s.p99)), 1),
        wrong: mine.reduce((sum, s) => sum + s.wrong, 0),
        requests: mine.reduce((sum, s) => sum + s.total, 0),
      };
    }
    const ratios = {};
    const capacity = {};
    for (const other of IMPLEMENTATIONS) {
      if (other === "ours") continue;
      const perRound = [];
      const cpuPerRound = [];
      for (let r = 0; r < rounds; r += 1) {
        const ours = find(r, scenario, "ours");
        const theirs = find(r, scenario, other);
        perRound.push(ours.rps / theirs.rps);
        cpuPerRound.push(theirs.cpuMicrosPerRequest / ours.cpuMicrosPerRequest);
      }
      ratios[other] = round(median(perRound), 2);
      capacity[other] = round(median(cpuPerRound), 2);
    }
    scenarios[scenario] = { impls, oursOver: ratios, capacityOver: capacity };
  }
  return scenarios;
}
