import type { BrowserContext } from "playwright-core";

/** A message that may appear although the console must be clean, and why it may. */
export interface Allowed {
  readonly pattern: RegExp;
  readonly why: string;
}

/**
 * Everything else that looks like a warning or an error, in the server's output or the
 * browser's console, fails the run. Keep this short: each entry must come from outside this
 * library and be explained.
 */
export const ALLOWED: readonly Allowed[] = [
  {
    // next/dist/client/dev/hot-reloader/pages/hot-reloader-pages.js, handleStaticIndicator():
    // it reads window.next.router.components, and a page that the tests leave as soon as it
    // has loaded can get the message before its router exists. Pages Router, `next dev` only.
    pattern: /\[HMR\] Invalid message: \{"type":"isrManifest"[\s\S]*reading 'components'/,
    why: "Next.js's Pages Router dev client handles its isrManifest message before the router exists",
  },
];

/** A line of server output that reports a problem. */
const PROBLEM = /error|warn|⚠|⨯/i;

function allowed(message: string, also: readonly Allowed[] = []): boolean {
  return [...ALLOWED, ...also].some(({ pattern }) => pattern.test(message));
}

/**
 * The lines of a server's output that report a problem and are not allowed, here or in
 * `also` (what one app prints on purpose).
 */
export function serverProblems(output: string, also: readonly Allowed[] = []): string[] {
  return output.split("\n").filter((line) => PROBLEM.test(line) && !allowed(line, also));
}

/**
 * Collects the warnings and errors of every page in `context`: console messages of those
 * types and uncaught exceptions. Other console output (Next.js's "[HMR] connected", React's
 * DevTools hint) is information, not a problem.
 */
export function watchBrowserConsole(context: BrowserContext, problems: string[]): void {
  context.on("console", (message) => {
    const type = message.type();
    if (type !== "warning" && type !== "error") return;
    const text = `${type} on ${message.location().url}: ${message.text()}`;
    if (!allowed(text)) problems.push(text);
  });
  context.on("weberror", (error) => {
    const text = `uncaught on ${error.page()?.url()}: ${String(error.error())}`;
    if (!allowed(text)) problems.push(text);
  });
}
