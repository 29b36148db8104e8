import { createNextSession } from "./create-next-session.js";

export * from "./public-api.js";

/**
 * `nextSession` for runtimes without Node's built-ins (Next.js's edge runtime, Cloudflare
 * workers), which the package's `edge-light`, `workerd` and `worker` export conditions
 * select. The same API as the Node.js entry point, except the `secret` option: it signs with
 * `node:crypto`, so here it is a `TypeError` when `nextSession()` runs.
 */
export const nextSession = createNextSession();
export default nextSession;
