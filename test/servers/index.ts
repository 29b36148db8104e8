import { inject } from "vitest";
import type { ServiceName } from "./global-setup.js";

/**
 * The URL of a server started by the global setup, or undefined when it could not run
 * here (the setup has already said why, once, and fails the run instead in CI).
 */
export function serviceUrl(name: ServiceName): string | undefined {
  return inject("services")[name];
}
