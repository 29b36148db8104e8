/**
 * Packs the package as npm would publish it, installs the tarball into a clean temporary
 * project and uses it there: ESM import, CJS require, and a type-checked consumer under
 * each module resolution that users have.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
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
  const paths = files.map((file) => file.path);
  // The documents the README links to ship beside it, so that its links work in node_modules.
  const docs = readdirSync(join(root, "docs")).map((name) => `docs/${name}`);
  expect(
    paths.filter((path) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(path)).sort(),
  ).toEqual(["CHANGELOG.md", "SECURITY.md", ...docs].sort());
  expect(paths).toEqual(expect.arrayContaining(["README.md", "LICENSE"]));
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
  // The consumer project has no "type": "module", so consumer.ts is type-checked as CommonJS
  // under node16/nodenext; the same code as .mts is checked as ESM (it resolves the
  // "import" conditions and their .d.ts instead of the .d.cts).
  cpSync(join(fixtures, "consumer.ts"), join(project, "consumer.mts"));
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

  // Each check is a separate tsc process, mostly waiting on its own start-up: run them side
  // by side.
  it.concurrent.each([
    ["node10", "commonjs", "consumer.ts"],
    ["node16", "node16", "consumer.ts"],
    ["node16", "node16", "consumer.mts"],
    ["nodenext", "nodenext", "consumer.ts"],
    ["nodenext", "nodenext", "consumer.mts"],
    ["bundler", "esnext", "consumer.ts"],
  ])(
    "type-checks a consumer under moduleResolution %s (module %s, %s)",
    async (moduleResolution, module, file) => {
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
        file,
      ];
      const result = await exec(process.execPath, [tsc, ...args], { cwd: project }).catch(
        (error: { stdout: string }) => error,
      );
      expect(result.stdout).toBe("");
    },
    60_000,
  );

  it("imports only Node built-ins and its own dependencies; only next-session/next imports Next.js", () => {
    const installed = join(project, "node_modules/next-session");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    // With ".js": `next` has no exports map, so Node's ESM loader needs the file name.
    const nextModules = ["next/headers.js", "next/server.js"];
    const allowed = (specifier: string, file: string) =>
      isBuiltin(specifier) ||
      Object.hasOwn(manifest.dependencies, specifier) ||
      (/^next\.c?js$/.test(file) && nextModules.includes(specifier));
    const foreign: string[] = [];
    for (const file of readdirSync(join(installed, "dist")).filter((f) => /\.c?js$/.test(f))) {
      const code = readFileSync(join(installed, "dist", file), "utf8");
      for (const [, specifier = ""] of code.matchAll(
        /(?:from|import|require\()\s*["']([^"']+)["']/g,
      )) {
        if (!specifier.startsWith(".") && !allowed(specifier, file))
          foreign.push(`${file}: ${specifier}`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it("runs the README's CommonJS session module and micro function as written", async () => {
    // The consumer project has no "type": "module": .js files there are CommonJS.
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = (path: string) => {
      const code = readme.match(new RegExp(`\`\`\`js\n(// ${path}\n[\\s\\S]*?)\`\`\``))?.[1];
      if (code === undefined) throw new Error(`README has no js block for ${path}`);
      return code;
    };
    mkdirSync(join(project, "lib"), { recursive: true });
    mkdirSync(join(project, "api"), { recursive: true });
    writeFileSync(join(project, "lib/session.js"), block("lib/session.js"));
    writeFileSync(join(project, "api/index.js"), block("api/index.js"));
    const { stdout } = await exec(process.execPath, ["readme-cjs.cjs"], { cwd: project });
    expect(stdout.trim().split("\n")).toEqual([
      "In this session, you have visited this website 1 time(s).",
      "In this session, you have visited this website 2 time(s).",
    ]);
  });

  it.each(["esm-side-effects.mjs", "cjs-side-effects.cjs"])(
    "has no top-level side effects when loaded (%s)",
    async (script) => {
      const { stdout } = await exec(process.execPath, [script], { cwd: project });
      expect(stdout.trim()).toBe("no side effects");
    },
  );
});
