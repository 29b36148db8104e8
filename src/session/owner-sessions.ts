import type { ResolvedOptions } from "../options.js";
import type { SessionData, SessionOwnerIndex, SessionSummary } from "../types.js";
import { storeError } from "./errors.js";
import { toDate } from "./lifetime.js";
import {
  deadlineOf,
  METADATA_KEY,
  ownerOf,
  readMetadata,
  type SessionMetadata,
  toOwner,
} from "./metadata.js";
import { indexCall, ownerIndexOf } from "./owner-index.js";
import { hasEnded } from "./policy.js";
import { sessionStateOf } from "./state.js";

/** A live session of an owner, as its record holds it now. */
interface OwnedSession {
  readonly id: string;
  /** Its fields and cookie, without the metadata. */
  readonly fields: SessionData;
  readonly metadata: SessionMetadata | undefined;
  /** Its `cookie.expires`; undefined for none. */
  readonly expires: Date | undefined;
}

/** The base64url text of `bytes`, without padding: safe in URLs and form fields. */
function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The handle of a session in listings: SHA-256 of its id, through Web Crypto, which Node.js
 * and edge runtimes share. It names the session without being its cookie: an id cannot be
 * recovered from it.
 */
async function handleOf(id: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
  return base64Url(new Uint8Array(digest));
}

/** The index, or a rejection that says what the app must change. */
function indexFor(options: ResolvedOptions, method: string): SessionOwnerIndex {
  if (options.owner === undefined) {
    throw new TypeError(
      `next-session: ${method}() needs the "owner" option, which says who owns a session: nextSession({ owner: (session) => session.user?.id })`,
    );
  }
  const index = ownerIndexOf(options.store);
  if (index === undefined) {
    throw new TypeError(
      `next-session: ${method}() needs a store with an owner index (store.ownerIndex), such as MemoryStore or the RedisStore of next-session/redis; this store has none (see "Signing out other devices" in the README)`,
    );
  }
  return index;
}

function ownerArgument(value: unknown, method: string): string {
  const owner = toOwner(value, `the owner given to ${method}()`);
  if (owner === undefined) {
    throw new TypeError(`next-session: ${method}() needs an owner, got ${String(value)}`);
  }
  return owner;
}

/** The id of a session given as the current one, or undefined for none. */
function idOf(session: unknown, method: string): string | undefined {
  if (session === undefined) return undefined;
  const state = sessionStateOf(session);
  if (state === undefined) {
    throw new TypeError(
      `next-session: ${method}() takes a session returned by getSession() as the current one`,
    );
  }
  return state.id;
}

/**
 * Whether a record is a live session of `owner`: not expired, not past its absolute timeout,
 * and owned by `owner` by its metadata or by its fields now (a write of either may be the
 * later one). Throws what the `owner` option throws.
 */
function isLiveSessionOf(
  owner: string,
  session: OwnedSession,
  options: ResolvedOptions,
  now: number,
): boolean {
  const { fields, metadata } = session;
  if (hasEnded(session.expires, options, now)) return false;
  const deadline = metadata && deadlineOf(options, metadata.created);
  if (deadline !== undefined && deadline <= now) return false;
  return metadata?.owner === owner || ownerOf(options, fields) === owner;
}

function toOwnedSession(id: string, record: unknown): OwnedSession | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const { [METADATA_KEY]: metadata, ...fields } = record as Record<string, unknown>;
  const expires = toDate((fields.cookie as { expires?: unknown } | undefined)?.expires);
  return { id, fields: fields as SessionData, metadata: readMetadata(metadata), expires };
}

/**
 * The live sessions of `owner`: every id its index lists, each checked against the store
 * (all at once). Index entries of ended sessions are left to expire rather than removed
 * here: one that looks ended may be a new session whose entry is written just before its
 * record.
 */
async function liveSessionsOf(
  options: ResolvedOptions,
  index: SessionOwnerIndex,
  owner: string,
  method: string,
): Promise<OwnedSession[]> {
  const where = `in ${method}()`;
  const ids = await indexCall("list", where, () => index.list(owner));
  const now = Date.now();
  const records = await Promise.all(
    [...new Set(ids)].map(async (id) => {
      try {
        return toOwnedSession(id, await options.store.get(id));
      } catch (cause) {
        throw storeError("store.get()", where, cause);
      }
    }),
  );
  return records.filter(
    (session): session is OwnedSession =>
      session !== undefined && isLiveSessionOf(owner, session, options, now),
  );
}

function summaryOf(
  session: OwnedSession,
  handle: string,
  current: boolean,
  options: ResolvedOptions,
  now: number,
): SessionSummary {
  const { fields, metadata, expires } = session;
  // A record saved without metadata counts as created when first read, as loading does.
  const created = metadata?.created ?? now;
  const deadline = deadlineOf(options, created);
  const end =
    expires === undefined
      ? deadline
      : Math.min(expires.getTime(), deadline ?? Number.POSITIVE_INFINITY);
  return {
    handle,
    current,
    createdAt: new Date(created),
    lastActiveAt: new Date(metadata?.active ?? created),
    expiresAt: end === undefined ? undefined : new Date(end),
    details: options.describe?.(fields),
  };
}

/** `getSession.listSessions()`: see `GetSession`. */
export async function listSessions(
  options: ResolvedOptions,
  ownerValue: unknown,
  current?: unknown,
): Promise<SessionSummary[]> {
  const method = "listSessions";
  const index = indexFor(options, method);
  const owner = ownerArgument(ownerValue, method);
  const currentId = idOf(current, method);
  const sessions = await liveSessionsOf(options, index, owner, method);
  const handles = await Promise.all(sessions.map(({ id }) => handleOf(id)));
  const now = Date.now();
  const summaries = sessions.map((session, i) =>
    summaryOf(session, handles[i] as string, session.id === currentId, options, now),
  );
  return summaries.sort(
    (a, b) =>
      b.lastActiveAt.getTime() - a.lastActiveAt.getTime() ||
      b.createdAt.getTime() - a.createdAt.getTime(),
  );
}

/**
 * Destroys each session, then removes its index entry, all at once; resolves how many the
 * store removed (a store that cannot tell counts as having removed it).
 */
async function revoke(
  options: ResolvedOptions,
  index: SessionOwnerIndex,
  owner: string,
  ids: readonly string[],
  method: string,
): Promise<number> {
  const where = `in ${method}()`;
  const removed = await Promise.all(
    ids.map(async (id) => {
      let destroyed: boolean | undefined;
      try {
        destroyed = (await options.store.destroy(id)) !== false;
      } catch (cause) {
        throw storeError("store.destroy()", where, cause);
      }
      await indexCall("remove", where, () => index.remove(owner, id));
      return destroyed;
    }),
  );
  return removed.filter(Boolean).length;
}

/** `getSession.revokeSession()`: see `GetSession`. */
export async function revokeSession(
  options: ResolvedOptions,
  ownerValue: unknown,
  handle: unknown,
): Promise<boolean> {
  const method = "revokeSession";
  const index = indexFor(options, method);
  const owner = ownerArgument(ownerValue, method);
  if (typeof handle !== "string") return false;
  const sessions = await liveSessionsOf(options, index, owner, method);
  const handles = await Promise.all(sessions.map(({ id }) => handleOf(id)));
  const match = sessions[handles.indexOf(handle)];
  if (match === undefined) return false;
  return (await revoke(options, index, owner, [match.id], method)) === 1;
}

/** `getSession.revokeSessions()`: see `GetSession`. */
export async function revokeSessions(
  options: ResolvedOptions,
  ownerValue: unknown,
  choice?: { except?: unknown },
): Promise<number> {
  const method = "revokeSessions";
  const index = indexFor(options, method);
  const owner = ownerArgument(ownerValue, method);
  const kept = idOf(choice?.except, method);
  const sessions = await liveSessionsOf(options, index, owner, method);
  const ids = sessions.map(({ id }) => id).filter((id) => id !== kept);
  return revoke(options, index, owner, ids, method);
}
