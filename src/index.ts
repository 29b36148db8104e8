import { nextSession } from "./next-session.js";

export { MemoryStore, type MemoryStoreOptions } from "./memory-store.js";
export { type GetSession, nextSession } from "./next-session.js";
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
export default nextSession;
