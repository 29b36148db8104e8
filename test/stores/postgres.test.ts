import connectPgSimple from "connect-pg-simple";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import { sessionApp } from "../helpers/app.js";
import { serve } from "../helpers/server.js";
import { itFulfilsStoreContract } from "../helpers/store-contract.js";
import { describeWithServer } from "../servers/index.js";

describeWithServer("postgres", "connect-pg-simple on PostgreSQL", async (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const PgStore = connectPgSimple(expressSession);
  const connectStore = new PgStore({
    pool,
    createTableIfMissing: true,
    // Pruning runs on a timer; these tests check expiry through get() instead.
    pruneSessionInterval: false,
  });
  afterAll(async () => {
    await connectStore.close();
    await pool.end();
  });
  const store = promisifyStore(connectStore);

  /** When the row expires, in ms since the epoch (the test server runs in UTC). */
  async function expiresAt(sid: string): Promise<number | undefined> {
    const { rows } = await pool.query<{ at: string }>(
      "SELECT extract(epoch FROM expire) * 1000 AS at FROM session WHERE sid = $1",
      [sid],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].at);
  }

  itFulfilsStoreContract({ store, expiresAt });

  it("moves the row's expiry with touchAfter and deletes the row on destroy", async () => {
    const app = await sessionApp(
      { store, cookie: { maxAge: 600 }, touchAfter: 0 },
      async (session, req, res) => {
        if (req.url === "/logout") await session.destroy();
        else session.user ??= "ada";
        res.end(session.id);
      },
    );
    const user = app.client();
    const sid = (await user.request()).body;
    await pool.query("UPDATE session SET expire = now() + interval '5 seconds' WHERE sid = $1", [
      sid,
    ]);
    expect((await user.request()).body).toBe(sid);
    expect(((await expiresAt(sid)) ?? 0) - Date.now()).toBeGreaterThan(590_000);
    await user.request("/logout");
    expect(await expiresAt(sid)).toBeUndefined();
  });

  it("answers a cookie with control characters as no session: the id never reaches PostgreSQL", async () => {
    const getSession = nextSession({ store });
    const server = await serve(async (req, res) => {
      const session = await getSession(req, res);
      res.end(String(session.user ?? "nobody"));
    });
    for (const value of ["abc%00def", "%00", "abc%0Adef", "abc%7F", "abc%C2%85"]) {
      const response = await fetch(server.url, { headers: { cookie: `sid=${value}` } });
      expect([value, response.status, await response.text()]).toEqual([value, 200, "nobody"]);
    }
  });
});
