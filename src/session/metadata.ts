import { describeValue } from "../option-readers.js";
import type { ResolvedOptions } from "../options.js";
import type { Session, SessionData } from "../types.js";
import type { SessionState } from "./state.js";

/**
 * The top-level key of a stored record under which next-session keeps what it knows about
 * the session besides its fields, when `owner` or `absoluteTimeout` is set. The `@` keeps
 * it apart from fields written with dot notation; it is never among the session's fields.
 */
export const METADATA_KEY = "@session";

/** What a record keeps under `METADATA_KEY`. Times are ms since the epoch. */
export interface SessionMetadata {
  /** When the session's id was issued: a new session, or `regenerate()`. */
  readonly created: number;
  /** When a request last saved the session (its fields, or its expiry when touched). */
  readonly active: number;
  /** Who owned it at that save, as the `owner` option said; absent for nobody. */
  readonly owner?: string;
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * The metadata that `value` holds, or undefined when it holds none that can be used (a
 * record saved before the options were set, or by something else): the session then counts
 * as created when it is loaded.
 */
export function readMetadata(value: unknown): SessionMetadata | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { created, active, owner } = value as Record<string, unknown>;
  if (!isTime(created)) return undefined;
  const last = isTime(active) ? active : created;
  return typeof owner === "string" && owner !== ""
    ? { created, active: last, owner }
    : { created, active: last };
}

/** Takes the metadata off a loaded record, so that the session's fields never show it. */
export function takeMetadata(record: SessionData): SessionMetadata | undefined {
  const fields = record as Record<string, unknown>;
  if (!Object.hasOwn(fields, METADATA_KEY)) return undefined;
  const metadata = readMetadata(fields[METADATA_KEY]);
  delete fields[METADATA_KEY];
  return metadata;
}

/**
 * `value` as an owner: a non-empty string, a number as its decimal string, or undefined for
 * nobody. Anything else is a mistake in the app's `owner` option, or in an argument.
 */
export function toOwner(value: unknown, source: string): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value === null || value === undefined) return undefined;
  throw new TypeError(
    `next-session: ${source} must be a string (such as the user's id), or null or undefined for nobody, got ${describeValue(value)}`,
  );
}

/** Who owns `session` now, by the `owner` option; undefined without the option. */
export function ownerOf(options: ResolvedOptions, session: SessionData): string | undefined {
  const { owner } = options;
  return owner === undefined
    ? undefined
    : toOwner(owner(session), 'what the "owner" option returns');
}

/** The metadata to store with `session` when a request saves it. */
export function metadataFor(state: SessionState, session: Session): SessionMetadata {
  const owner = ownerOf(state.options, session);
  const { created, now } = state;
  return owner === undefined ? { created, active: now } : { created, active: now, owner };
}

/**
 * When a session created at `created` ends whatever its activity (ms since the epoch), or
 * undefined: never.
 */
export function deadlineOf(options: ResolvedOptions, created: number): number | undefined {
  const { absoluteTimeoutMs } = options;
  return absoluteTimeoutMs === undefined ? undefined : created + absoluteTimeoutMs;
}
