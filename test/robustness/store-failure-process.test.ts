import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("../fixtures/failing-store-server.mjs", import.meta.url));
const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

async function serveWithFailingStore(module: string) {
  try {
    const { stdout } = await run(process.execPath, [fixture, module], { timeout: 20_000 });
    return { exitCode: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("a store that fails during auto-commit, in a real process", () => {
  it("takes next-session 4.0.5 down with an unhandled rejection", async () => {
    const result = await serveWithFailingStore("next-session-ref");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("store is down");
    expect(result.stdout).not.toContain("survived");
  });

  it("leaves ours running: the response completes and the error is reported", async () => {
    expect(existsSync(dist), "run `npm run build` first: this test runs the built package").toBe(
      true,
    );
    const result = await serveWithFailingStore(dist);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("status 200 body ok");
    expect(result.stdout).toContain("survived");
  });
});
