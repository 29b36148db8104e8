import type { ResolvedOptions } from "../options.js";
import type { Session } from "../types.js";

interface Loaded {
  readonly session: Session;
  readonly options: ResolvedOptions;
  readonly output: unknown;
}

/**
 * The session of each Fetch request or cookie store. A WeakMap rather than a property, so
 * that the platform's objects are left as they are and nothing outlives its request.
 */
const loaded = new WeakMap<object, Loaded>();

/** Same request, same options and same response output: the same session, as on Node. */
export function recall(
  input: object,
  options: ResolvedOptions,
  output: unknown,
): Session | undefined {
  const known = loaded.get(input);
  return known !== undefined && known.options === options && known.output === output
    ? known.session
    : undefined;
}

export function remember(
  input: object,
  session: Session,
  options: ResolvedOptions,
  output: unknown,
): void {
  loaded.set(input, { session, options, output });
}

export function forget(input: object, session: Session): void {
  if (loaded.get(input)?.session === session) loaded.delete(input);
}
