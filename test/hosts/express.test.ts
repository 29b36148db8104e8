import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { nextSession, type Session } from "../../src/index.js";

/** What `getSession` leaves on the request for later middleware. */
function sessionOf(req: express.Request): Session {
  const { session } = req as express.Request & { session?: Session };
  if (!session) throw new Error("no session on the request");
  return session;
}

function app() {
  const getSession = nextSession({ cookie: { maxAge: 3600 } });
  const server = express();
  server.use(async (req, res, next) => {
    await getSession(req, res);
    next();
  });
  server.get("/", (req, res) => {
    const session = sessionOf(req);
    session.views = (session.views ?? 0) + 1;
    res.send(`views: ${session.views}`);
  });
  server.post("/login", (req, res) => {
    sessionOf(req).user = "ada";
    res.redirect(302, "/");
  });
  server.post("/logout", async (req, res) => {
    await sessionOf(req).destroy();
    res.json({ loggedOut: true });
  });
  server.get("/me", (req, res) => {
    res.json({ user: sessionOf(req).user ?? null });
  });
  return server;
}

describe("in a real Express app", () => {
  it("counts views 1, 2, 3 with a cookie jar", async () => {
    const agent = request.agent(app());
    await agent.get("/").expect(200, "views: 1");
    await agent.get("/").expect(200, "views: 2");
    await agent.get("/").expect(200, "views: 3");
  });

  it("keeps sessions of different clients apart", async () => {
    const server = app();
    const alice = request.agent(server);
    const bob = request.agent(server);
    await alice.get("/").expect("views: 1");
    await alice.get("/").expect("views: 2");
    await bob.get("/").expect("views: 1");
  });

  it("sets the cookie on res.redirect and logs out with destroy()", async () => {
    const agent = request.agent(app());
    const login = await agent.post("/login").expect(302);
    expect(login.headers["set-cookie"]).toHaveLength(1);
    await agent.get("/me").expect(200, { user: "ada" });
    const logout = await agent.post("/logout").expect(200, { loggedOut: true });
    expect(String(logout.headers["set-cookie"])).toContain("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    await agent.get("/me").expect(200, { user: null });
  });
});
