import nextSession, { type Options, sharedMemoryStore } from "next-session";

/** What this app keeps in a session. */
export interface AppSession {
  views?: number;
  user?: { name: string };
  /** The browser that signed in, for the devices page. */
  device?: string;
}

// Passed explicitly (the default store would do as well) because the store's HTTP route
// (app/api/session-store) serves this very store to the edge runtime. sharedMemoryStore()
// keeps one per process and name, however often Next.js evaluates this module. A real store
// (Redis, a database) is what production and serverless need.
export const store = sharedMemoryStore("next-app-example");

/** Shared by every route, so that a session is the same whichever route reads it. */
export const options = {
  cookie: {
    sameSite: "lax",
    // One day, in seconds: the cookie gets `Expires` one day after it was last touched.
    maxAge: 60 * 60 * 24,
  },
  // Who owns a session, and what the devices page shows of it (app/devices).
  owner: (session) => session.user?.name,
  describe: (session) => session.device,
  // However active, a session ends a week after its sign-in.
  absoluteTimeout: 60 * 60 * 24 * 7,
} satisfies Options;

/**
 * One function for every place in this app:
 * - `getSession(req, res)` in the Pages Router (saved automatically when the response ends);
 * - `getSession(request, headers)` in Route Handlers and the proxy;
 * - `appSession(getSession)` (from next-session/next) in Server Actions and Server Components.
 * Outside the Pages Router, changes are saved by `await session.commit()`.
 */
export const getSession = nextSession<AppSession>({ ...options, store });
