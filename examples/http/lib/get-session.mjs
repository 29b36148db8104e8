// One getSession for the whole app, created once at start-up: every module imports it.
import nextSession, { MemoryStore } from "next-session";

// MemoryStore keeps sessions in this process only and loses them on restart: use a real
// store (Redis, a database) in production.
export const getSession = nextSession({
  store: new MemoryStore(),
  cookie: { sameSite: "lax", maxAge: 60 * 60 * 24 },
  touchAfter: 60,
});
