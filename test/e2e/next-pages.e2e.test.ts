import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "./helpers/app-process.js";
import { launchBrowser } from "./helpers/browser.js";
import { serverProblems } from "./helpers/clean-console.js";
import { installExampleApp, type NextMode, startNextApp } from "./helpers/next-app.js";
import { sessionScenarios } from "./helpers/session-scenarios.js";

const appDir = join(import.meta.dirname, "..", "..", "examples", "next-pages");
let browser: Browser;

// The browser first: without Chromium the file fails before it starts anything.
beforeAll(async () => {
  browser = await launchBrowser();
  await installExampleApp(appDir);
});

afterAll(async () => {
  await browser?.close();
});

describe.each<NextMode>(["dev", "start"])(
  "examples/next-pages (next %s, headless Chromium)",
  (mode) => {
    let app: AppProcess;
    const consoleProblems: string[] = [];

    beforeAll(async () => {
      app = await startNextApp(appDir, mode);
    });

    afterAll(async () => {
      await app?.stop();
    });

    sessionScenarios({
      name: `next-pages-${mode}`,
      url: () => app.url,
      browser: () => browser,
      extraCountingRoutes: ["/api/views-manual"],
      consoleProblems,
    });

    // After the scenarios above, which called every route: in `next dev` that includes Next.js's
    // checks ("API resolved without sending a response", getServerSideProps's `res` warning).
    it("logs no warning or error in the server's output or the browser's console", () => {
      expect(serverProblems(app.output())).toEqual([]);
      expect(consoleProblems).toEqual([]);
    });
  },
);
