import type { ScenarioHandler } from "./transcript.js";

/** Counts views; the response body is the count. */
export const views: ScenarioHandler = (session, _req, res) => {
  session.views = typeof session.views === "number" ? session.views + 1 : 1;
  res.end(String(session.views));
};

/** The routes the differential tests request: one per session operation a user can see. */
export const routes: ScenarioHandler = async (session, req, res) => {
  switch (req.url) {
    case "/read":
      res.end(String(session.views ?? "none"));
      return;
    case "/login":
      session.user = { name: "ada", roles: ["admin"] };
      res.writeHead(302, { Location: "/" }).end();
      return;
    case "/nested":
      session.user.roles.push("editor");
      res.end(session.user.roles.join(","));
      return;
    case "/touch":
      session.touch();
      res.end();
      return;
    case "/logout":
      await session.destroy();
      res.end("bye");
      return;
    case "/commit":
      session.views = (session.views ?? 0) + 1;
      await session.commit();
      res.end(String(session.views));
      return;
    case "/keep-cookies":
      res.setHeader("Set-Cookie", ["theme=dark", "lang=en"]);
      session.views = (session.views ?? 0) + 1;
      res.end();
      return;
    case "/stream":
      session.views = (session.views ?? 0) + 1;
      res.write("a");
      res.end("b");
      return;
    default:
      views(session, req, res, async () => session);
  }
};
