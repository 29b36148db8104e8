import express from "express";
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
    res.send(`In this session, you have visited this website ${req.session.views} time(s).`);
  });
  app.post("/logout", async (req, res) => {
    await req.session.destroy();
    res.redirect(302, "/");
  });
  return app;
}
