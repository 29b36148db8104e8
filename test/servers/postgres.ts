import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileAsync, findFreePort } from "./process.js";
import {
  findExecutable,
  postgresBinDirs,
  type RunningService,
  ServiceUnavailableError,
} from "./service.js";

/** The OS user that runs the server: PostgreSQL refuses to run as root. */
interface ServerUser {
  /** Prefix that runs a command as that user (empty when we already are not root). */
  readonly prefix: readonly string[];
  readonly uid: number;
  readonly gid: number;
}

async function serverUser(): Promise<ServerUser> {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return { prefix: [], uid, gid: process.getgid?.() ?? -1 };
  try {
    const id = await findExecutable("id", ["/usr/bin", "/bin"]);
    const { stdout: userId } = await execFileAsync(id, ["-u", "postgres"]);
    const { stdout: groupId } = await execFileAsync(id, ["-g", "postgres"]);
    const runuser = await findExecutable("runuser", ["/usr/sbin", "/sbin"]);
    return {
      prefix: [runuser, "-u", "postgres", "--"],
      uid: Number(userId.trim()),
      gid: Number(groupId.trim()),
    };
  } catch (error) {
    throw new ServiceUnavailableError(
      `PostgreSQL refuses to run as root and there is no "postgres" user to run it as (${String(error)})`,
    );
  }
}

/**
 * Starts a throw-away PostgreSQL cluster (`initdb` + `pg_ctl`) in a fresh temp dir, on a
 * free loopback port, as the `postgres` user when we are root. Durability is off
 * (`fsync=off`): the cluster is deleted by `stop()` anyway.
 */
export async function startPostgres(): Promise<RunningService> {
  const binDirs = await postgresBinDirs();
  const initdb = await findExecutable("initdb", binDirs);
  const pgCtl = await findExecutable("pg_ctl", binDirs);
  const user = await serverUser();
  const dir = await mkdtemp(join(tmpdir(), "next-session-pg-"));
  const data = join(dir, "data");
  const run = (command: string, args: readonly string[]) => {
    const [file = command, ...rest] = [...user.prefix, command, ...args];
    return execFileAsync(file, rest, { cwd: dir });
  };
  const stopCluster = () => run(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
  try {
    if (user.prefix.length > 0) await chown(dir, user.uid, user.gid);
    await run(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "-N"]);
    let lastError: unknown;
    // A port found free can be taken before the server binds it: try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await findFreePort();
      const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c timezone=UTC`;
      try {
        await run(pgCtl, [
          "-D",
          data,
          "-l",
          join(dir, "server.log"),
          "-w",
          "-o",
          settings,
          "start",
        ]);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          stop: async () => {
            await stopCluster();
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`PostgreSQL did not start: ${String(lastError)}`);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
