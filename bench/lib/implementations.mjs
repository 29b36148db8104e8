// The handler every implementation runs, and one factory per implementation. Every
// factory returns `handle(req, res)` for a plain `http.createServer` server, so the only
// difference between two servers is the session library in the middle.
import expressSession from "express-session";
import { getIronSession } from "iron-session";
import nextSessionRef from "next-session-ref";
import nextSession from "../../dist/index.js";

/** A day, the cookie lifetime every library is configured with (realistic apps set one). */
export const MAX_AGE_SECONDS = 86_400;

/**
 * Our options: with `owners` (`--owners`), every session is owned, each by an owner of its
 * own (the most index entries per session there can be), and has a 30-day absolute timeout,
 * so that each record carries the metadata.
 */
export function oursOptions(owners) {
  const cookie = { maxAge: MAX_AGE_SECONDS };
  if (!owners) return { cookie };
  return { cookie, owner: (session) => session.id, absoluteTimeout: 30 * MAX_AGE_SECONDS };
}

export const IMPLEMENTATIONS = ["bare", "ours", "next-session", "express-session", "iron-session"];

/** The count a seeded returning session starts with: varied, so a wrong session shows. */
export function seedViews(n) {
  return (n % 97) + 1;
}

/**
 * The scenario is the path: `/read` reads `views`, `/write` increments it, `/new` sets it
 * on a fresh session, `/seed/<n>` creates returning visitor `n`. The body names the
 * session and its count, so the load driver can check every answer.
 */
export function applyScenario(url, session) {
  if (url === "/read") return `${session.n}:${session.views}`;
  if (url === "/write") {
    session.views += 1;
    return `${session.n}:${session.views}`;
  }
  if (url === "/new") {
    session.views = 1;
    return "-:1";
  }
  if (url.startsWith("/seed/")) {
    session.n = Number(url.slice(6));
    session.views = seedViews(session.n);
    return `${session.n}:${session.views}`;
  }
  return undefined;
}

function send(res, body) {
  if (body === undefined) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader("content-type", "text/plain");
  res.end(body);
}

function fail(res, error) {
  console.error(error);
  res.statusCode = 500;
  res.end();
}

function fromGetSession(getSession) {
  return (req, res) =>
    getSession(req, res).then(
      (session) => send(res, applyScenario(req.url, session)),
      (error) => fail(res, error),
    );
}

const IRON_PASSWORD = "a benchmark password that is at least 32 characters long";

const factories = {
  bare: () => (req, res) => send(res, req.url === "/" ? undefined : "-:0"),
  ours: () => fromGetSession(nextSession({ cookie: { maxAge: MAX_AGE_SECONDS } })),
  "next-session": () => fromGetSession(nextSessionRef({ cookie: { maxAge: MAX_AGE_SECONDS } })),
  "express-session": () => {
    const middleware = expressSession({
      secret: "a benchmark secret",
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: MAX_AGE_SECONDS * 1000 },
    });
    return (req, res) =>
      middleware(req, res, (error) => {
        if (error) fail(res, error);
        else send(res, applyScenario(req.url, req.session));
      });
  },
  "iron-session": () => {
    const options = { password: IRON_PASSWORD, cookieName: "iron", ttl: MAX_AGE_SECONDS };
    return async (req, res) => {
      try {
        const session = await getIronSession(req, res, options);
        const body = applyScenario(req.url, session);
        if (req.url !== "/read") await session.save();
        send(res, body);
      } catch (error) {
        fail(res, error);
      }
    };
  },
};

export function createHandler(name) {
  const factory = factories[name];
  if (factory === undefined) throw new TypeError(`bench: unknown implementation "${name}"`);
  return factory();
}
