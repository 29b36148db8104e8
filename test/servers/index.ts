import { describe, inject, it } from "vitest";
import type { ServiceName } from "./global-setup.js";

/**
 * The URL of a server started by the global setup, or undefined when it could not run
 * here (the setup has already said why, once, and fails the run instead in CI).
 */
export function serviceUrl(name: ServiceName): string | undefined {
  return inject("services")[name];
}

/**
 * A suite that needs a server from the global setup. Without the server it is skipped
 * (the global setup has already said why, and fails the run in CI), and `body` is never
 * called, so it may connect right away.
 */
export function describeWithServer(
  service: ServiceName,
  title: string,
  body: (url: string) => Promise<void>,
): void {
  const url = serviceUrl(service);
  if (url === undefined) {
    describe(title, () => {
      it.skip(`needs ${service}: see the global setup's message`);
    });
    return;
  }
  describe(title, () => body(url));
}
