import nextSession, { type Options } from "next-session";

/** What this app keeps in a session. */
export interface AppSession {
  views?: number;
  user?: { name: string };
}

// No `store`: sessions live in the default MemoryStore, one per process and cookie name, which
// every route shares however often Next.js evaluates this module. Production and serverless
// need a real store (Redis, a database) instead.
const options = {
  cookie: {
    sameSite: "lax",
    // One day, in seconds: the cookie gets `Expires` one day after it was last touched.
    maxAge: 60 * 60 * 24,
  },
  // Extend a returning session (store and cookie) at most once a minute.
  touchAfter: 60,
} satisfies Options;

/** Saves and sets the cookie by itself when the response ends. */
export const getSession = nextSession<AppSession>(options);

/** For handlers that call `await session.commit()` themselves before responding. */
export const getSessionManualCommit = nextSession<AppSession>({ ...options, autoCommit: false });
