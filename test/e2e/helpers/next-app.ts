import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { type AppProcess, startAppProcess } from "./app-process.js";

const run = promisify(execFile);

/**
 * What every `next` command here runs with: no telemetry (nothing may leave the machine)
 * and a production build.
 */
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" } as const;

/** node_modules is missing, or older than the lock file (npm writes its own copy there). */
function needsInstall(appDir: string): boolean {
  const installed = join(appDir, "node_modules", ".package-lock.json");
  if (!existsSync(installed)) return true;
  return statSync(join(appDir, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs;
}

/**
 * Builds and starts the Next.js app in `appDir` (any example folder with its own
 * package.json and lock file that depends on `next`):
 * `npm ci` when its node_modules is missing or stale, `next build`, then `next start` on a free
 * loopback port. The package itself must be built first, since examples depend on it as
 * `file:../..`: vitest.e2e.config.ts does that in its global setup.
 *
 * Reuse it for another Next.js example:
 *   const app = await startNextApp(join(root, "examples/next-app"));
 *   … app.url …
 *   await app.stop();
 */
export async function startNextApp(appDir: string): Promise<AppProcess> {
  if (needsInstall(appDir)) {
    // With devDependencies even under NODE_ENV=production: the build needs TypeScript.
    await run("npm", ["ci", "--include=dev", "--no-audit", "--no-fund"], { cwd: appDir });
  }
  const env = { ...process.env, ...NEXT_ENV };
  const nextBin = join(appDir, "node_modules", "next", "dist", "bin", "next");
  await run(process.execPath, [nextBin, "build"], {
    cwd: appDir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`next build failed in ${appDir}:\n${error.stdout}\n${error.stderr}`);
  });
  return startAppProcess({
    args: [nextBin, "start", "--hostname", "127.0.0.1", "--port", "{port}"],
    cwd: appDir,
    env: NEXT_ENV,
  });
}
