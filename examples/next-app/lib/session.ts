import nextSession, { type Options, sharedMemoryStore } from "next-session";

/** What this app keeps in a session. */
export interface AppSession {
  views?: number;
  user?: { name: string };
}

// Next.js evaluates this module once per bundle (App Router, Pages Router, proxy), and a
// MemoryStore only works if all of them share one: sharedMemoryStore() keeps one per
// process. A real store (Redis, a database) has no such problem, and is what production
// and serverless need.
export const store = sharedMemoryStore("next-app-example");

/** Shared by every route, so that a session is the same whichever route reads it. */
export const options = {
  cookie: {
    sameSite: "lax",
    // One day, in seconds: the cookie gets `Expires` one day after it was last touched.
    maxAge: 60 * 60 * 24,
  },
} satisfies Options;

/**
 * One function for every place in this app:
 * - `getSession(req, res)` in the Pages Router (saved automatically when the response ends);
 * - `getSession(request, headers)` in Route Handlers and the proxy;
 * - `getSession(await cookies())` in Server Actions and Server Components.
 * Outside the Pages Router, changes are saved by `await session.commit()`.
 */
export const getSession = nextSession<AppSession>({ ...options, store });
