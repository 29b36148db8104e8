import { describe, expect, it } from "vitest";
import { nextSession } from "../../src/index.js";
import { expressSession, promisifyStore } from "../../src/stores/compat.js";
import { FakeCookieStore, requestWith } from "../helpers/fetch.js";
import { startServer } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

describe("one session for every host", () => {
  it("is the same record whether reached through req/res, a Request or a cookie store, with a promisified connect store", async () => {
    const store = promisifyStore(new expressSession.MemoryStore());
    const getSession = nextSession({ store, cookie: { maxAge: 60 } });
    const app = await startServer(async (req, res) => {
      const session = await getSession(req, res);
      session.views = (session.views ?? 0) + 1;
      res.end(String(session.views));
    });
    try {
      const first = await fetch(app.url);
      const [sid] = cookiesNamed(first.headers, "sid");
      if (sid === undefined) throw new Error("no session cookie from the Node handler");

      const headers = new Headers();
      const fromRequest = await getSession(requestWith(`sid=${sid.value}`), headers);
      expect(fromRequest.views).toBe(1);
      fromRequest.views = 2;
      await fromRequest.commit();
      expect(cookiesNamed(headers, "sid")[0]?.value).toBe(sid.value);

      const cookies = new FakeCookieStore({ sid: sid.value });
      const fromStore = await getSession(cookies);
      expect(fromStore.views).toBe(2);
      fromStore.views = 3;
      await fromStore.commit();

      const last = await fetch(app.url, { headers: { cookie: `sid=${sid.value}` } });
      expect(await last.text()).toBe("4");
    } finally {
      await app.close();
    }
  });
});
