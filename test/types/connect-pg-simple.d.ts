// The part of connect-pg-simple's API that the tests use. Its DefinitelyTyped package is
// not installed on purpose: it pulls in @types/express-session, whose global augmentation
// of Express's `Request.session` would change the types of every Express test here.
// Typed the way @types/connect-pg-simple and @types/express-session type it.
declare module "connect-pg-simple" {
  import type { Pool } from "pg";

  /** express-session's `Cookie`: a class whose attributes are all optional. */
  interface ExpressCookie {
    originalMaxAge: number | null;
    maxAge?: number | undefined;
    expires?: Date | null | undefined;
    httpOnly?: boolean | undefined;
    path?: string | undefined;
    serialize(name: string, value: string): string;
  }

  interface ExpressSessionData {
    cookie: ExpressCookie;
  }

  /** A store typed against express-session: its session type, optional callbacks. */
  export interface ExpressTypedStore {
    get(sid: string, callback: (err: unknown, session?: ExpressSessionData | null) => void): void;
    set(sid: string, session: ExpressSessionData, callback?: (err?: unknown) => void): void;
    destroy(sid: string, callback?: (err?: unknown) => void): void;
    touch(sid: string, session: ExpressSessionData, callback?: () => void): void;
  }

  interface PGStoreOptions {
    pool?: Pool;
    createTableIfMissing?: boolean;
    pruneSessionInterval?: false | number;
  }

  interface PGStore extends ExpressTypedStore {
    close(): Promise<void>;
  }

  /** Takes express-session's middleware factory, as @types/connect-pg-simple says. */
  export default function connectPgSimple(
    session: (options?: object) => (req: never, res: never, next: () => void) => void,
  ): new (
    options?: PGStoreOptions,
  ) => PGStore;
}
