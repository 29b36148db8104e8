// Everything both entry points export besides `nextSession` (see index.ts and edge.ts).
export type { SessionCookieAttributes, SessionCookieStore } from "./fetch-carrier.js";
export { MemoryStore, type MemoryStoreOptions } from "./memory-store.js";
export type { GetSession, NextSession } from "./next-session.js";
export { sharedMemoryStore } from "./shared-memory-store.js";
export type {
  Cookie,
  CookieOptions,
  Options,
  SameSite,
  Session,
  SessionData,
  SessionRecord,
  SessionStore,
} from "./types.js";
