import express from "express";
import { readName } from "../shared/form.cjs";
import { GOODBYE, renderHome } from "../shared/page.cjs";
import { getSession } from "./lib/get-session.mjs";

/** An Express app: the session is loaded by middleware and read from req.session. */
export function createApp() {
  const app = express();
  app.use(async (req, res, next) => {
    try {
      await getSession(req, res);
      next();
    } catch (error) {
      next(error);
    }
  });
  app.get("/", (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    res.type("html").send(renderHome(req.session));
  });
  app.get("/api/views", (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    res.json({ views: req.session.views });
  });
  app.post(
    "/api/login",
    express.urlencoded({ extended: false, limit: "1kb" }),
    async (req, res) => {
      const name = readName(req.body?.name);
      if (name === undefined) {
        res.status(400).send("name must be 1 to 64 characters");
        return;
      }
      req.session.user = { name };
      // A new id at login, so that an id planted before it is worthless (session fixation).
      await req.session.regenerate();
      res.redirect(302, "/");
    },
  );
  app.post("/api/logout", async (req, res) => {
    await req.session.destroy();
    res.redirect(302, "/goodbye");
  });
  app.get("/goodbye", (_req, res) => {
    res.type("html").send(GOODBYE);
  });
  return app;
}
