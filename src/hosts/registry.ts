import type { ResolvedOptions } from "../options.js";
import { cookieStoreHost } from "./cookie-store.js";
import { fetchHost } from "./fetch.js";
import type { BoundHost, Host } from "./host.js";
import { nodeHost } from "./node.js";

/**
 * Every host `getSession` serves, in the order its arguments are tried: the first that
 * matches serves the call. Node's `req`/`res` comes last: it takes whatever is left.
 */
const HOSTS: readonly Host[] = [fetchHost, cookieStoreHost, nodeHost] as readonly Host[];

/** A host bound to one `nextSession()` call's options, with the test that picks it. */
export interface HostChoice {
  readonly matches: Host["matches"];
  readonly host: BoundHost;
}

/** The hosts for one `nextSession()` call, bound to its options once. */
export function bindHosts(options: ResolvedOptions): readonly HostChoice[] {
  return HOSTS.map((host) => ({ matches: host.matches, host: host.bind(options) }));
}

/** The host that serves `getSession(input, output)`. */
export function hostFor(
  choices: readonly HostChoice[],
  input: unknown,
  output: unknown,
): BoundHost {
  for (const choice of choices) if (choice.matches(input, output)) return choice.host;
  // The last host matches everything.
  return (choices[choices.length - 1] as HostChoice).host;
}
