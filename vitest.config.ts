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
      // What is measured, so that any drop fails: raise them as coverage rises, never lower.
      thresholds: { lines: 99.8, statements: 99.5, functions: 100, branches: 98.2 },
    },
  },
});
