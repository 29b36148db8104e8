import type { ServerResponse } from "node:http";
import type { SignerFactory } from "./cookie/signature.js";
import type { SessionCookieStore } from "./hosts/cookie-store.js";
import type { SessionRequest } from "./hosts/node.js";
import { bindHosts, hostFor } from "./hosts/registry.js";
import { resolveOptions } from "./options.js";
import { loadSession } from "./session/load.js";
import { listSessions, revokeSession, revokeSessions } from "./session/owner-sessions.js";
import type { Options, Session, SessionRecord, SessionSummary } from "./types.js";

/**
 * Loads (or starts) the session of a request. Returned by `nextSession()`; one function
 * for every host, chosen by its arguments.
 */
export interface GetSession<T extends SessionRecord = SessionRecord> {
  /**
   * Node's `req`/`res`: Pages Router API routes and `getServerSideProps`, Express, micro,
   * `node:http`. With `autoCommit` (the default) the session is saved and its cookie set
   * when the response ends. The session is also put on `req.session`, unless that holds
   * another instance's (or another middleware's) session already.
   */
  (req: SessionRequest<T>, res: ServerResponse): Promise<Session<T>>;
  /**
   * A Fetch API `Request` (Route Handlers, Proxy/Middleware, Hono, Remix, Bun, Deno…).
   * Nothing is saved automatically: `await session.commit()` appends the cookie to
   * `headers`, which you send with the response. Without `headers` the session is
   * read-only: `commit()`, `destroy()` and `regenerate()` reject. `headers` belong to one
   * response: headers given with another request before make this reject.
   */
  (request: Request, headers?: Headers): Promise<Session<T>>;
  /**
   * A cookie store such as Next.js's `await cookies()`: Server Actions and Route Handlers
   * can commit (`await session.commit()`, never automatic), Server Components can only read.
   * A store kept for several requests gets a session back only while its cookie names it.
   */
  (cookies: SessionCookieStore): Promise<Session<T>>;
  /**
   * The live sessions of `owner` (what the `owner` option returns for them), most recently
   * active first, for a "your devices" page: each with a `handle` for `revokeSession`, its
   * times, and what the `describe` option says of it. Pass the request's session as
   * `current` to have it marked. Reads the store's owner index, then every session it lists,
   * at once. Rejects when the `owner` option is unset or the store has no owner index.
   * @example
   * const devices = await getSession.listSessions(session.user.id, session);
   */
  listSessions<Details = unknown>(
    owner: string | number,
    current?: Session<T>,
  ): Promise<SessionSummary<Details>[]>;
  /**
   * Ends the session of `owner` that `handle` (from `listSessions`) names: its record is
   * removed, and its next request, on any server, starts a new session. Resolves false when
   * `owner` has no such live session (a handle never works for another owner). Rejects
   * like `listSessions`.
   * @example
   * await getSession.revokeSession(session.user.id, String(form.get("handle")));
   */
  revokeSession(owner: string | number, handle: string): Promise<boolean>;
  /**
   * Ends every live session of `owner`, or every one but `except` ("sign out other
   * devices"); resolves how many were ended. To end the current one too, call
   * `session.destroy()` on it, which also clears its cookie. Rejects like `listSessions`.
   * @example
   * await getSession.revokeSessions(session.user.id, { except: session });
   */
  revokeSessions(owner: string | number, options?: { except?: Session<T> }): Promise<number>;
}

/** `nextSession` as the entry points export it. */
export type NextSession = <T extends SessionRecord = SessionRecord>(
  options?: Options,
) => GetSession<T>;

/**
 * Builds `nextSession` for one entry point: the Node.js one passes the `node:crypto` signer
 * that `secret` needs, the edge one passes none (`secret` is then a clear error), so that
 * its module graph holds no Node built-in.
 */
export function createNextSession(createSigner?: SignerFactory): NextSession {
  return function nextSession<T extends SessionRecord = SessionRecord>(
    options?: Options,
  ): GetSession<T> {
    const resolved = resolveOptions(options, createSigner);
    const hosts = bindHosts(resolved);
    function getSession(input: object, output?: unknown): Promise<Session> {
      const host = hostFor(hosts, input, output);
      return loadSession(resolved, host, input, host.outputOf(input, output));
    }
    return Object.assign(getSession, {
      listSessions: (owner: unknown, current?: unknown) => listSessions(resolved, owner, current),
      revokeSession: (owner: unknown, handle: unknown) => revokeSession(resolved, owner, handle),
      revokeSessions: (owner: unknown, options?: { except?: unknown }) =>
        revokeSessions(resolved, owner, options),
    }) as unknown as GetSession<T>;
  };
}
