import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type AppProcess, startAppProcess } from "./app-process.js";

const run = promisify(execFile);

/** How Next.js runs: `next dev`, or `next build` then `next start`. */
export type NextMode = "dev" | "start";

/** No telemetry in any `next` command: nothing may leave the machine. */
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: "1" } as const;

/**
 * NODE_ENV as users have it: `next dev` sets "development" itself, but vitest runs with
 * "test", which Next.js would warn about.
 */
const MODE_ENV: Record<NextMode, Record<string, string>> = {
  dev: { ...NEXT_ENV, NODE_ENV: "development" },
  start: { ...NEXT_ENV, NODE_ENV: "production" },
};

/**
 * A limit on each install and build, below the hook timeout, so that a stuck one is killed
 * here rather than left running after vitest gives up.
 */
const STEP_TIMEOUT_MS = 200_000;

function nextBin(appDir: string): string {
  return join(appDir, "node_modules", "next", "dist", "bin", "next");
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Runs `install` unless `appDir`'s node_modules was last installed from `inputs` (the hashes
 * of what the install reads). A marker written after a complete install records them: file
 * times are no guide, since copying an app or cloning the repository renews them, and a
 * kept folder then looked stale and was reinstalled without the packed tarball.
 */
async function installUnlessCurrent(
  appDir: string,
  inputs: string,
  install: () => Promise<void>,
): Promise<void> {
  const marker = join(appDir, "node_modules", ".next-session-e2e-installed");
  if (existsSync(marker) && readFileSync(marker, "utf8") === inputs) return;
  await install();
  writeFileSync(marker, inputs);
}

async function npm(appDir: string, args: readonly string[]): Promise<void> {
  // With devDependencies even under NODE_ENV=production: the build needs TypeScript.
  await run("npm", [...args, "--include=dev", "--no-audit", "--no-fund"], {
    cwd: appDir,
    timeout: STEP_TIMEOUT_MS,
    killSignal: "SIGKILL",
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`npm ${args.join(" ")} failed in ${appDir}:\n${error.stdout}\n${error.stderr}`);
  });
}

/**
 * Installs an example app's lock file (`npm ci`) unless it is installed already. The examples
 * depend on the package as `file:../..`, so it must be built first: vitest.e2e.config.ts does
 * that in its global setup.
 */
export async function installExampleApp(appDir: string): Promise<string> {
  await installUnlessCurrent(appDir, sha256(join(appDir, "package-lock.json")), () =>
    npm(appDir, ["ci"]),
  );
  return appDir;
}

/**
 * Starts the installed Next.js app in `appDir` (see installExampleApp and
 * prepareStandaloneApp) on a free loopback port: `next dev`, or `next build` and `next start`.
 */
export async function startNextApp(appDir: string, mode: NextMode): Promise<AppProcess> {
  const env = { ...process.env, ...MODE_ENV[mode] };
  const bin = nextBin(appDir);
  if (mode === "start") {
    await run(process.execPath, [bin, "build"], {
      cwd: appDir,
      env,
      maxBuffer: 16 * 1024 * 1024,
      timeout: STEP_TIMEOUT_MS,
      killSignal: "SIGKILL",
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`next build failed in ${appDir}:\n${error.stdout}\n${error.stderr}`);
    });
  }
  return startAppProcess({
    args: [bin, mode, "--hostname", "127.0.0.1", "--port", "{port}"],
    cwd: appDir,
    env: MODE_ENV[mode],
  });
}

/**
 * Requests each path once, so that `next dev` compiles those routes before the tests time
 * their own requests. Any answer will do (a redirect included): the tests judge content.
 */
export async function warmUp(app: AppProcess, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await fetch(app.url + path, { redirect: "manual", signal: AbortSignal.timeout(120_000) });
  }
}

/**
 * Copies a committed app (without node_modules) to a folder of its own outside the
 * repository, installs its lock file and, with `npm install --no-save`, this package from a
 * freshly packed tarball: what `npm install next-session` gives a user, and no lock file
 * above the app for Next.js to mistake for a workspace root. The folder is kept between
 * runs, and installing is skipped when neither the lock file nor the tarball changed.
 */
export async function prepareStandaloneApp(appDir: string, packageRoot: string): Promise<string> {
  const target = join(tmpdir(), `next-session-e2e-${appDir.split("/").at(-1)}`);
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--pack-destination", tmpdir(), "--silent"],
    { cwd: packageRoot },
  );
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const tarball = join(tmpdir(), filename);
  rmSync(join(target, ".next"), { recursive: true, force: true });
  cpSync(appDir, target, {
    recursive: true,
    filter: (source) => !/\/(node_modules|\.next)(\/|$)/.test(source.slice(appDir.length)),
  });
  const inputs = `${sha256(join(target, "package-lock.json"))} ${sha256(tarball)}`;
  await installUnlessCurrent(target, inputs, async () => {
    await npm(target, ["ci"]);
    await npm(target, ["install", "--no-save", tarball]);
  });
  return target;
}
