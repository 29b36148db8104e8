import { defineConfig } from "vitest/config";

/**
 * Browser and example-app tests: `npm run test:e2e`, apart from `npm test` because they
 * need Debian's Chromium and build the Next.js examples. Files run one at a time: each
 * starts its own servers and a browser, and the machine has two cores.
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    // The examples use the built package (dist/), so build it first, as `npm test` does.
    globalSetup: ["test/global-setup.ts"],
    fileParallelism: false,
    // Generous: `next dev` compiles a route on its first request, on a two-core machine.
    testTimeout: 60_000,
    // `npm ci` + `next build` of an example happen in beforeAll.
    hookTimeout: 240_000,
  },
});
