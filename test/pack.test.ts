/**
 * Packs the package as npm would publish it, installs the tarball into a clean temporary
 * project and uses it there: ESM import, CJS require, and a type-checked consumer under
 * each module resolution that users have.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const fixtures = join(root, "test/fixtures/consumer");
const tsc = join(root, "node_modules/typescript/bin/tsc");
let project = "";

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "next-session-pack-"));
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", project], {
    cwd: root,
  });
  const [{ filename, files }] = JSON.parse(stdout) as [
    { filename: string; files: { path: string }[] },
  ];
  expect(
    files
      .map((file) => file.path)
      .every((path) => /^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(path)),
  ).toBe(true);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  await exec(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      join(project, filename),
      "@types/node@20",
    ],
    { cwd: project },
  );
  cpSync(fixtures, project, { recursive: true });
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the packed package, installed in a clean project", () => {
  it("imports from ESM", async () => {
    const { stdout } = await exec(process.execPath, ["esm.mjs"], { cwd: project });
    expect(stdout.trim()).toBe("esm ok");
  });

  it("requires from CJS without flags (nanoid is bundled)", async () => {
    const { stdout } = await exec(
      process.execPath,
      ["--no-experimental-require-module", "cjs.cjs"],
      { cwd: project },
    ).catch(
      // Older Node 20 releases do not know the flag; they never had require(esm) anyway.
      () => exec(process.execPath, ["cjs.cjs"], { cwd: project }),
    );
    expect(stdout.trim()).toBe("cjs ok");
  });

  it.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ])(
    "type-checks a consumer under moduleResolution %s",
    async (moduleResolution, module) => {
      const args = [
        "--noEmit",
        "--strict",
        "--types",
        "node",
        "--moduleResolution",
        moduleResolution,
        "--module",
        module,
        "--target",
        "es2022",
        "consumer.ts",
      ];
      const result = await exec(process.execPath, [tsc, ...args], { cwd: project }).catch(
        (error: { stdout: string }) => error,
      );
      expect(result.stdout).toBe("");
    },
    60_000,
  );
});
