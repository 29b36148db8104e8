import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "./helpers/app-process.js";
import { launchBrowser } from "./helpers/browser.js";
import { serverProblems } from "./helpers/clean-console.js";
import { sessionScenarios } from "./helpers/session-scenarios.js";

const root = join(import.meta.dirname, "..", "..");

/** Examples served by plain Node: each is one script that listens on PORT and HOST. */
const examples = [
  { name: "http", script: "examples/http/server.mjs" },
  { name: "express", script: "examples/express/server.mjs" },
  { name: "micro", script: "examples/micro/serve.cjs" },
] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

for (const { name, script } of examples) {
  describe(`examples/${name} (headless Chromium)`, () => {
    let app: AppProcess;
    const consoleProblems: string[] = [];

    beforeAll(async () => {
      app = await startAppProcess({ args: [join(root, script)], cwd: root });
    });

    afterAll(async () => {
      await app?.stop();
    });

    sessionScenarios({ name, url: () => app.url, browser: () => browser, consoleProblems });

    it(`examples/${name}: no warning or error in the server's output or the browser's console`, () => {
      expect(serverProblems(app.output())).toEqual([]);
      expect(consoleProblems).toEqual([]);
    });
  });
}
