import type { ResolvedOptions } from "../options.js";
import type { Session } from "../types.js";

/** One `nextSession()` instance's session for one request; more instances are chained. */
interface Loaded {
  readonly session: Session;
  readonly options: ResolvedOptions;
  readonly output: unknown;
  readonly next: Loaded | undefined;
}

/**
 * The sessions of each request (a Fetch `Request`, a cookie store, or a Node request for
 * every instance but the one on `req.session`). A WeakMap rather than a property, so that
 * the platform's objects are left as they are and nothing outlives its request.
 */
const loaded = new WeakMap<object, Loaded>();

function without(entry: Loaded | undefined, drop: (entry: Loaded) => boolean): Loaded | undefined {
  if (entry === undefined) return undefined;
  const next = without(entry.next, drop);
  if (drop(entry)) return next;
  return next === entry.next ? entry : { ...entry, next };
}

/**
 * Same request, same options and same response output: the same session, as on Node. Each
 * instance only ever gets a session loaded with its own options (name, secret, store).
 */
export function recall(
  input: object,
  options: ResolvedOptions,
  output: unknown,
): Session | undefined {
  for (let entry = loaded.get(input); entry !== undefined; entry = entry.next) {
    if (entry.options === options) return entry.output === output ? entry.session : undefined;
  }
  return undefined;
}

export function remember(
  input: object,
  session: Session,
  options: ResolvedOptions,
  output: unknown,
): void {
  const others = without(loaded.get(input), (entry) => entry.options === options);
  loaded.set(input, { session, options, output, next: others });
}

export function forget(input: object, session: Session): void {
  const entries = loaded.get(input);
  const kept = without(entries, (entry) => entry.session === session);
  if (kept === entries) return;
  if (kept === undefined) loaded.delete(input);
  else loaded.set(input, kept);
}
