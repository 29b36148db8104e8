// One request cycle without sockets: a real IncomingMessage and ServerResponse, the
// session loaded, changed as the scenario says, and the response ended.
import { IncomingMessage, ServerResponse } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";

export function fakeExchange(cookie) {
  const req = new IncomingMessage(null);
  req.method = "GET";
  req.url = "/";
  req.headers = cookie === undefined ? {} : { cookie };
  const res = new ServerResponse(req);
  return { req, res };
}

function cpuNanos() {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/** What each scenario does to the session; the same for every library. */
export const CHANGES = {
  read: (session) => session.views,
  write: (session) => {
    session.views += 1;
  },
  new: (session) => {
    session.views = 1;
  },
};

/**
 * Runs `count` cycles of `scenario` with `getSession`; `cookies` are the returning
 * visitors' Cookie headers, served in rotation. Returns CPU nanoseconds per cycle.
 */
export async function timeCycles(getSession, scenario, cookies, count) {
  const change = CHANGES[scenario];
  let next = 0;
  // CPU time, not wall time: the machine is shared, and a benchmark that is descheduled
  // for a while must not look slow for it. Nothing here waits for I/O.
  const start = cpuNanos();
  for (let i = 0; i < count; i += 1) {
    let cookie;
    if (scenario !== "new") {
      cookie = cookies[next];
      next = next + 1 === cookies.length ? 0 : next + 1;
    }
    const { req, res } = fakeExchange(cookie);
    const session = await getSession(req, res);
    change(session);
    res.end();
  }
  // Store writes started by end() settle before the clock stops.
  await nextTurn();
  return (cpuNanos() - start) / count;
}

/** Creates `count` sessions through `getSession` and returns their Cookie headers. */
export async function createVisitors(getSession, name, count, fill = () => {}) {
  const cookies = [];
  for (let i = 0; i < count; i += 1) {
    const { req, res } = fakeExchange();
    const session = await getSession(req, res);
    session.views = 1;
    fill(session);
    res.end();
    await nextTurn();
    const setCookie = res.getHeader("set-cookie");
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    const value = String(first).split(";", 1)[0];
    if (!value.startsWith(`${name}=`)) throw new Error(`bench: no session cookie (${first})`);
    cookies.push(value);
  }
  return cookies;
}
