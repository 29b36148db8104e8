import { access, constants, readdir } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** A server that a test run started, reachable at `url`. */
export interface RunningService {
  readonly url: string;
  stop(): Promise<void>;
}

/** The server cannot run on this machine; `message` says why and what to install. */
export class ServiceUnavailableError extends Error {
  override readonly name = "ServiceUnavailableError";
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds `name` in `dirs` (checked first, in order) or on `PATH`. Debian keeps the
 * PostgreSQL server programs off `PATH`, in `/usr/lib/postgresql/<version>/bin`.
 */
export async function findExecutable(name: string, dirs: readonly string[]): Promise<string> {
  const pathDirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const dir of [...dirs, ...pathDirs]) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  const where = dirs.length > 0 ? `${dirs.join(", ")} or on PATH` : "on PATH";
  throw new ServiceUnavailableError(`"${name}" was not found ${where}`);
}

/** Debian's PostgreSQL bin dirs, newest major first. */
export async function postgresBinDirs(root = "/usr/lib/postgresql"): Promise<string[]> {
  let versions: string[];
  try {
    versions = await readdir(root);
  } catch {
    return [];
  }
  return versions
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((version) => join(root, version, "bin"));
}
