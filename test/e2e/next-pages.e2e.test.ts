import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "./helpers/app-process.js";
import { launchBrowser } from "./helpers/browser.js";
import { startNextApp } from "./helpers/next-app.js";
import { sessionScenarios } from "./helpers/session-scenarios.js";

const root = join(import.meta.dirname, "..", "..");
let app: AppProcess;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([
    startNextApp(join(root, "examples", "next-pages")),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("examples/next-pages (next build + next start, headless Chromium)", () => {
  sessionScenarios({
    name: "next-pages",
    url: () => app.url,
    browser: () => browser,
    extraCountingRoutes: ["/api/views-manual"],
  });

  // Runs after the scenarios above, which called every route. (`next start` never prints
  // "API resolved without sending a response": Next.js checks that in development only.)
  it("logs no warning or error while serving them", () => {
    expect(app.output()).not.toMatch(/error|warn|⚠/i);
  });
});
