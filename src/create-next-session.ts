import type { ServerResponse } from "node:http";
import { shouldWatchCommits, watchCommit } from "./hosts/commit-warning.js";
import { cookieStoreCarrier, fetchCarrier, type SessionCookieStore } from "./hosts/fetch.js";
import { nodeCarrier } from "./hosts/node.js";
import { installAutoCommit } from "./hosts/node-auto-commit.js";
import { resolveOptions, type SignerFactory } from "./options.js";
import { loadSession, type SessionRequest } from "./session/session.js";
import type { Options, Session, SessionRecord } from "./types.js";

/**
 * Loads (or starts) the session of a request. Returned by `nextSession()`; one function
 * for every host, chosen by its arguments.
 */
export interface GetSession<T extends SessionRecord = SessionRecord> {
  /**
   * Node's `req`/`res`: Pages Router API routes and `getServerSideProps`, Express, micro,
   * `node:http`. With `autoCommit` (the default) the session is saved and its cookie set
   * when the response ends. The session is also put on `req.session`.
   */
  (req: SessionRequest<T>, res: ServerResponse): Promise<Session<T>>;
  /**
   * A Fetch API `Request` (Route Handlers, Proxy/Middleware, Hono, Remix, Bun, Deno…).
   * Nothing is saved automatically: `await session.commit()` appends the cookie to
   * `headers`, which you send with the response. Without `headers` the session is
   * read-only: `commit()`, `destroy()` and `regenerate()` reject.
   */
  (request: Request, headers?: Headers): Promise<Session<T>>;
  /**
   * A cookie store such as Next.js's `await cookies()`: Server Actions and Route Handlers
   * can commit (`await session.commit()`, never automatic), Server Components can only read.
   */
  (cookies: SessionCookieStore): Promise<Session<T>>;
}

function isFetchHeaders(headers: unknown): headers is Headers {
  return typeof (headers as Headers | undefined)?.get === "function";
}

function isCookieStore(input: unknown): input is SessionCookieStore {
  const store = input as Partial<SessionCookieStore> | undefined;
  return typeof store?.get === "function" && typeof store.set === "function";
}

/** `nextSession` as the entry points export it. */
export type NextSession = <T extends SessionRecord = SessionRecord>(
  options?: Options,
) => GetSession<T>;

/**
 * Builds `nextSession` for one entry point: the Node.js one passes the `node:crypto`
 * signer that `secret` needs, the edge one passes none (`secret` is then a clear error),
 * so that its module graph holds no Node built-in.
 */
export function createNextSession(createSigner?: SignerFactory): NextSession {
  return function nextSession<T extends SessionRecord = SessionRecord>(
    options?: Options,
  ): GetSession<T> {
    const resolved = resolveOptions(options, createSigner);
    const { autoCommit } = resolved;
    const afterNodeLoad = autoCommit ? installAutoCommit : undefined;
    // Where there is no response to hook, nothing is saved by itself, whatever `autoCommit`
    // says; in development a forgotten commit() is reported instead.
    const afterFetchLoad = shouldWatchCommits() ? watchCommit : undefined;

    function getSession(input: object, output?: unknown): Promise<Session> {
      // `?.`: a missing `req` rejects in loadSession, as it did in next-session 4.
      const headers = (input as { headers?: unknown } | undefined)?.headers;
      if (isFetchHeaders(headers)) {
        const request = input as Request;
        const responseHeaders = output as Headers | undefined;
        return loadSession(resolved, fetchCarrier, request, responseHeaders, false, afterFetchLoad);
      }
      if (headers === undefined && isCookieStore(input)) {
        return loadSession(resolved, cookieStoreCarrier, input, input, false, afterFetchLoad);
      }
      const req = input as SessionRequest;
      return loadSession(
        resolved,
        nodeCarrier,
        req,
        output as ServerResponse,
        autoCommit,
        afterNodeLoad,
      );
    }
    return getSession as GetSession<T>;
  };
}
