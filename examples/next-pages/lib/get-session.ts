import nextSession, { MemoryStore, type Options } from "next-session";

/** What this app keeps in a session. */
export interface AppSession {
  views?: number;
  user?: { name: string };
}

// Next.js may evaluate this module once per route bundle, and a MemoryStore only works if
// every route of the process shares one: keep it on `globalThis`. A real store (Redis, a
// database) has no such problem — and is what production and serverless need.
const kStore = Symbol.for("next-session-example.store");
const globalStore = globalThis as { [kStore]?: MemoryStore };
globalStore[kStore] ??= new MemoryStore();
const store = globalStore[kStore];

const options = {
  store,
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
