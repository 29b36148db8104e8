import { describe, expect, it, vi } from "vitest";
import { nextSession } from "../../src/index.js";
import { countViews, readOnly, sessionApp } from "../helpers/app.js";
import { serve } from "../helpers/server.js";
import { cookieNames, sessionCookieOf } from "../helpers/set-cookie.js";
import { testStore } from "../helpers/stores.js";

describe("auto-commit", () => {
  it("counts views 1, 2, 3 across requests with one cookie", async () => {
    const app = await sessionApp();
    const client = app.client();
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await client.request()).body);
    expect(bodies).toEqual(["1", "2", "3"]);
    expect([...client.jar.keys()]).toEqual(["sid"]);
  });

  it("sets no cookie and writes nothing for a new session that holds no data", async () => {
    const store = testStore();
    const app = await sessionApp({ store }, readOnly);
    const response = await app.client().request();
    expect(response.setCookies).toEqual([]);
    expect(store.callsTo("set")).toEqual([]);
    expect(store.memory.store.size).toBe(0);
  });

  it("sets the cookie and saves once when a new session gets data", async () => {
    const store = testStore();
    const app = await sessionApp({ store });
    const response = await app.client().request();
    const cookie = sessionCookieOf(response);
    expect(response.setCookies).toHaveLength(1);
    expect(cookie.attributes).toEqual({ path: "/", httponly: true });
    expect(store.callsTo("set")).toHaveLength(1);
    expect(store.callsTo("set")[0]?.sid).toBe(cookie.value);
  });

  it("neither writes nor sets a cookie for a loaded session that did not change", async () => {
    const store = testStore();
    let mode: "count" | "read" = "count";
    const app = await sessionApp({ store }, (session, req, res) =>
      mode === "count" ? countViews(session, req, res) : readOnly(session, req, res),
    );
    const client = app.client();
    await client.request();
    mode = "read";
    store.calls.length = 0;
    const response = await client.request();
    expect(response.body).toBe("1");
    expect(response.setCookies).toEqual([]);
    expect(store.calls.map((call) => call.method)).toEqual(["get"]);
  });

  it("saves a change to a nested field, without sending the cookie again", async () => {
    const store = testStore();
    const app = await sessionApp({ store }, (session, _req, res) => {
      session.profile ??= { visits: { count: 0 } };
      session.profile.visits.count += 1;
      res.end(String(session.profile.visits.count));
    });
    const client = app.client();
    await client.request();
    const second = await client.request();
    expect(second.body).toBe("2");
    expect(second.setCookies).toEqual([]);
    expect(store.callsTo("set")).toHaveLength(2);
    expect(JSON.parse(store.callsTo("set")[1]?.session ?? "").profile).toEqual({
      visits: { count: 2 },
    });
  });

  it("notices a change to a nested field named cookie (4.0.5 ignored any key named cookie)", async () => {
    const store = testStore();
    const app = await sessionApp({ store }, (session, _req, res) => {
      session.prefs ??= { cookie: 0 };
      session.prefs.cookie += 1;
      res.end(String(session.prefs.cookie));
    });
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("2");
    expect((await client.request()).body).toBe("3");
  });

  it("keeps res.writeHead returning res and res.end returning res synchronously", async () => {
    const results: unknown[] = [];
    const app = await sessionApp({}, (session, _req, res) => {
      session.views = 1;
      results.push(res.writeHead(200, { "content-type": "text/plain" }) === res);
      results.push(res.end("done") === res);
    });
    const response = await app.client().request();
    expect(results).toEqual([true, true]);
    expect(response.body).toBe("done");
    expect(response.setCookies).toHaveLength(1);
  });

  it("sets the cookie on a redirect made with writeHead(302, { Location })", async () => {
    const app = await sessionApp({}, (session, _req, res) => {
      session.user = "ada";
      res.writeHead(302, { Location: "/home" }).end();
    });
    const response = await app.client().request();
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/home");
    expect(cookieNames(response)).toEqual(["sid"]);
  });

  it("writes the cookie on the response being ended, never again through the res it was given", async () => {
    // As `next dev` hands getServerSideProps a proxy of `res` that warns on every access once
    // getServerSideProps has resolved, before Next.js writes the headers on the real `res`.
    const lateAccesses: PropertyKey[] = [];
    const getSession = nextSession();
    const server = await serve(async (req, res) => {
      let resolved = false;
      const proxy = new Proxy(res, {
        get(target, property) {
          if (resolved) lateAccesses.push(property);
          return Reflect.get(target, property, target);
        },
      });
      const session = await getSession(req, proxy);
      session.views = 1;
      resolved = true;
      res.end("ok");
    });
    const response = await fetch(server.url);
    expect(await response.text()).toBe("ok");
    expect(cookieNames(response)).toEqual(["sid"]);
    expect(lateAccesses).toEqual([]);
  });

  it("keeps Set-Cookie headers passed to writeHead and adds the session cookie", async () => {
    const app = await sessionApp({}, (session, req, res) => {
      session.user = "ada";
      if (req.url === "/array") res.writeHead(200, ["Set-Cookie", "a=1", "Set-Cookie", "b=2"]);
      // Node reads the third argument as the headers whenever the second is not a string.
      else if (req.url === "/no-message")
        res.writeHead(200, undefined, { "Set-Cookie": ["a=1", "b=2"] });
      else res.writeHead(200, "OK", { "Set-Cookie": ["a=1", "b=2"] });
      res.end();
    });
    for (const path of ["/object", "/array", "/no-message"]) {
      const response = await app.client().request(path);
      expect(cookieNames(response)).toEqual(["a", "b", "sid"]);
    }
  });

  it("keeps the cookie of a commit() made before writeHead sets a Set-Cookie of its own", async () => {
    const app = await sessionApp({}, async (session, _req, res) => {
      session.user = "ada";
      await session.commit();
      res.writeHead(200, { "Set-Cookie": "theme=dark" }).end();
    });
    const response = await app.client().request();
    expect(cookieNames(response)).toEqual(["theme", "sid"]);
  });

  it.each([
    ["a string", "theme=dark", ["theme", "sid"]],
    ["an array", ["theme=dark", "lang=en"], ["theme", "lang", "sid"]],
  ])(
    "keeps a Set-Cookie set before as %s and appends the session cookie",
    async (_, before, names) => {
      const app = await sessionApp({}, (session, _req, res) => {
        res.setHeader("Set-Cookie", before);
        session.user = "ada";
        res.end();
      });
      const response = await app.client().request();
      expect(cookieNames(response)).toEqual(names);
    },
  );

  it("passes headers without Set-Cookie to writeHead untouched, in both forms", async () => {
    const app = await sessionApp({}, (session, req, res) => {
      session.user = "ada";
      if (req.url === "/array")
        res.writeHead(200, ["X-Kind", "array", "Content-Type", "text/plain"]);
      else res.writeHead(200, { "X-Kind": "object" });
      res.end();
    });
    for (const kind of ["object", "array"]) {
      const response = await app.client().request(`/${kind}`);
      expect(response.headers.get("x-kind")).toBe(kind);
      expect(cookieNames(response)).toEqual(["sid"]);
    }
  });

  it("lets writeHead throw for a header array of odd length, as Node's does", async () => {
    const thrown: unknown[] = [];
    const app = await sessionApp({}, (session, _req, res) => {
      session.user = "ada";
      try {
        res.writeHead(200, ["X-Kind"]);
      } catch (error) {
        thrown.push(error);
      }
      res.end();
    });
    const response = await app.client().request();
    expect(thrown).toEqual([expect.objectContaining({ code: "ERR_INVALID_ARG_VALUE" })]);
    expect(response.headers.get("x-kind")).toBeNull();
  });

  it("sets the cookie when the body is streamed with res.write", async () => {
    const app = await sessionApp({}, (session, _req, res) => {
      session.user = "ada";
      res.write("part one, ");
      res.write("part two");
      res.end();
    });
    const client = app.client();
    const response = await client.request();
    expect(response.body).toBe("part one, part two");
    expect(response.setCookies).toHaveLength(1);
  });

  it("closes the connection and logs, never an unhandled rejection, when the deferred res.end throws", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = testStore();
    const app = await sessionApp({ store }, (session, _req, res) => {
      session.views = 1;
      // Not a string or a Buffer: Node's end() throws, but only after the store has saved.
      res.end(42 as unknown as string);
    });
    await expect(fetch(app.url)).rejects.toThrow();
    expect(store.callsTo("set")).toHaveLength(1);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("next-session: res.end() threw"),
      expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }),
    );
    error.mockRestore();
  });

  it("is harmless when res.end is called twice: both return res, one body, one save", async () => {
    const store = testStore();
    const returned: unknown[] = [];
    const app = await sessionApp({ store }, (session, _req, res) => {
      session.views = 1;
      returned.push(res.end("first") === res, res.end("second") === res);
    });
    const response = await app.client().request();
    expect(returned).toEqual([true, true]);
    expect(response.body).toBe("first");
    expect(store.callsTo("set")).toHaveLength(1);
  });

  it("ends the response only after the store has saved", async () => {
    const store = testStore();
    store.inject("set", "late");
    const storedAtFinish: number[] = [];
    const app = await sessionApp({ store }, (session, _req, res) => {
      session.views = 1;
      res.on("finish", () => storedAtFinish.push(store.memory.store.size));
      res.end();
    });
    await app.client().request();
    expect(storedAtFinish).toEqual([1]);
  });

  it("saves once when the handler already committed", async () => {
    const store = testStore();
    const app = await sessionApp({ store }, async (session, _req, res) => {
      session.views = 1;
      await session.commit();
      res.end();
    });
    const response = await app.client().request();
    expect(store.callsTo("set")).toHaveLength(1);
    expect(response.setCookies).toHaveLength(1);
  });

  it.each([
    ["a store that throws instead of rejecting", { throwSync: true, views: 1 }],
    ["a store that cannot serialise a field", { throwSync: false, views: 1n }],
  ])("completes the response and reports %s", async (_, { throwSync, views }) => {
    const store = testStore();
    if (throwSync) store.inject("set", "throw");
    const errors: Error[] = [];
    const app = await sessionApp(
      { store, onError: (error) => errors.push(error) },
      (session, _req, res) => {
        session.views = views;
        res.end("done");
      },
    );
    expect((await app.client().request()).body).toBe("done");
    expect(errors.map((error) => error.message)).toEqual([
      "next-session: store.set() failed while ending the response",
    ]);
    expect(errors[0]?.cause).toBeInstanceOf(throwSync ? Error : TypeError);
  });

  it("reports an object field that cannot be serialised as such, not as a store failure", async () => {
    const errors: Error[] = [];
    const app = await sessionApp(
      { onError: (error) => errors.push(error) },
      (session, _req, res) => {
        if (session.data === undefined) session.data = { n: 1 };
        else session.data.n = 1n;
        res.end("done");
      },
    );
    const client = app.client();
    await client.request();
    expect((await client.request()).body).toBe("done");
    expect(errors.map((error) => error.message)).toEqual([
      "next-session: the session could not be serialised while ending the response",
    ]);
    expect(errors[0]?.cause).toBeInstanceOf(TypeError);
  });

  it("reports an owner option that throws as such, not only as a field that cannot be serialised", async () => {
    const errors: Error[] = [];
    const ownerError = new Error("no user id");
    const app = await sessionApp(
      {
        onError: (error) => errors.push(error),
        owner: () => {
          throw ownerError;
        },
      },
      (session, _req, res) => {
        session.n = 1;
        res.end("done");
      },
    );
    expect((await app.client().request()).body).toBe("done");
    expect(errors.map((error) => error.message)).toEqual([
      'next-session: the session could not be serialised, or the "owner" option threw, while ending the response',
    ]);
    expect(errors[0]?.cause).toBe(ownerError);
  });

  it("completes the response and reports the error when the store fails to save", async () => {
    const store = testStore();
    store.inject("set", "reject");
    const errors: Error[] = [];
    const app = await sessionApp({ store, onError: (error) => errors.push(error) });
    const response = await app.client().request();
    expect(response.body).toBe("1");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cause).toEqual(new Error("injected set rejection"));
  });
});
