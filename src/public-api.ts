// Everything both entry points export besides `nextSession` (see index.ts and edge.ts).

export type { GetSession, NextSession } from "./create-next-session.js";
export type { SessionCookieAttributes, SessionCookieStore } from "./hosts/cookie-store.js";
export { MemoryStore, type MemoryStoreOptions } from "./stores/memory-store.js";
export { sharedMemoryStore } from "./stores/shared-memory-store.js";
export type {
  Cookie,
  CookieOptions,
  Options,
  SameSite,
  Session,
  SessionData,
  SessionOwnerIndex,
  SessionPatch,
  SessionRecord,
  SessionStore,
  SessionSummary,
} from "./types.js";
