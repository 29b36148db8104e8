import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import { CookieClient } from "../helpers/client.js";
import { FakeCookieStore, requestWith } from "../helpers/fetch.js";
import { serve } from "../helpers/server.js";
import { sessionCookieOf } from "../helpers/set-cookie.js";

describe("one session for every host", () => {
  it("is the same record whether reached through req/res, a Request or a cookie store, with a promisified connect store", async () => {
    const store = promisifyStore(new expressSession.MemoryStore());
    const getSession = nextSession({ store, cookie: { maxAge: 60 } });
    const app = await serve(async (req, res) => {
      const session = await getSession(req, res);
      session.views = (session.views ?? 0) + 1;
      res.end(String(session.views));
    });
    const client = new CookieClient(app.url);
    await client.request();
    const sid = client.jar.get("sid") ?? "";

    const headers = new Headers();
    const fromRequest = await getSession(requestWith(`sid=${sid}`), headers);
    expect(fromRequest.views).toBe(1);
    fromRequest.views = 2;
    await fromRequest.commit();
    expect(sessionCookieOf(headers).value).toBe(sid);

    const cookies = new FakeCookieStore({ sid });
    const fromStore = await getSession(cookies);
    expect(fromStore.views).toBe(2);
    fromStore.views = 3;
    await fromStore.commit();

    expect((await client.request()).body).toBe("4");
  });
});
