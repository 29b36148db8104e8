import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install chromium`): tests never download a browser.
 * CHROMIUM_PATH overrides it for other systems.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * `--no-sandbox` because CI runs as root; the rest stops Chromium's own background
 * traffic (updates, sync, QUIC probes), which fails on a machine that only reaches
 * loopback and would otherwise add errors and delays.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium. Use one browser per test file and a fresh
 * `browser.newContext()` per scenario: a context is a separate cookie jar, i.e. a separate
 * visitor.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" ` +
        "or set CHROMIUM_PATH. The e2e suite never downloads a browser.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
