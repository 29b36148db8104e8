import { cookies } from "next/headers.js";
import { connection } from "next/server.js";
import type { GetSession } from "./create-next-session.js";
import type { Session, SessionRecord } from "./types.js";

/**
 * The session of the request being served in the App Router: Server Components, Server
 * Actions and Route Handlers. It is `getSession(await cookies())`, after `await connection()`:
 * loading a session reads the clock, makes ids and asks the store, which Next.js (with
 * `cacheComponents`) refuses before the render is bound to a request, and a session must
 * never be prerendered or prefetched into a cache. Import `next-session` everywhere else;
 * this entry point is the only one that imports `next`.
 *
 * @example
 * import { appSession } from "next-session/next";
 * import { getSession } from "@/lib/session";
 * const session = await appSession(getSession);
 */
export async function appSession<T extends SessionRecord>(
  getSession: GetSession<T>,
): Promise<Session<T>> {
  await connection();
  return getSession(await cookies());
}
