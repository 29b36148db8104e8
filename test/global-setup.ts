import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Some tests run the built package as users get it (examples, the packed tarball, child
 * processes), so every test run builds it first: a stale dist/ can never be tested.
 */
export default function buildPackage(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/tsup/dist/cli-default.js`], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
