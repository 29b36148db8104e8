import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/; starts the Redis and PostgreSQL servers that the store suites use.
    globalSetup: ["test/global-setup.ts", "test/servers/global-setup.ts"],
    // Browser and example-app tests have their own config: `npm run test:e2e`.
    exclude: [...configDefaults.exclude, "test/e2e/**"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text", "text-summary"],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
