// A micro / Vercel-style function: the platform (here, ../serve.cjs) calls it with Node's
// req and res. Its returned value, if any, becomes the response body.
const { getSession } = require("../lib/get-session.cjs");
const { readForm, readName } = require("../../shared/form.cjs");
const { GOODBYE, renderHome } = require("../../shared/page.cjs");

function redirect(res, location) {
  res.statusCode = 302;
  res.setHeader("Location", location);
  res.end();
}

module.exports = async (req, res) => {
  const { pathname } = new URL(req.url, "http://localhost");
  const route = `${req.method} ${pathname}`;

  if (route === "GET /") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    return renderHome(session);
  }
  if (route === "GET /api/views") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    res.setHeader("Content-Type", "application/json");
    return JSON.stringify({ views: session.views });
  }
  if (route === "POST /api/login") {
    const name = readName((await readForm(req))?.get("name"));
    if (name === undefined) {
      res.statusCode = 400;
      return "name must be 1 to 64 characters";
    }
    const session = await getSession(req, res);
    session.user = { name };
    // A new id at login, so that an id planted before it is worthless (session fixation).
    await session.regenerate();
    return redirect(res, "/");
  }
  if (route === "POST /api/logout") {
    const session = await getSession(req, res);
    await session.destroy();
    return redirect(res, "/goodbye");
  }
  if (route === "GET /goodbye") {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    return GOODBYE;
  }
  res.statusCode = 404;
  return "Not found";
};
