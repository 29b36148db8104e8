// The part of express-session that the migration tests use. Written here because
// @types/express-session adds a `session` property to every Express request type, which
// would clash with next-session's own `req.session` in the other tests.
declare module "express-session" {
  import type { EventEmitter } from "node:events";
  import type { RequestHandler } from "express";

  namespace session {
    interface Options {
      secret: string | string[];
      store?: Store;
      resave?: boolean;
      saveUninitialized?: boolean;
      cookie?: { maxAge?: number };
    }
    class Store extends EventEmitter {
      get(sid: string, callback: (error: unknown, session?: unknown) => void): void;
      set(sid: string, session: unknown, callback?: (error?: unknown) => void): void;
      destroy(sid: string, callback?: (error?: unknown) => void): void;
    }
    class MemoryStore extends Store {}
  }
  function session(options: session.Options): RequestHandler;
  export = session;
}
