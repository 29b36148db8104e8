import { readForm, readName } from "../shared/form.cjs";
import { GOODBYE, renderHome } from "../shared/page.cjs";
import { getSession } from "./lib/get-session.mjs";

function send(res, status, type, body) {
  res.writeHead(status, { "Content-Type": type }).end(body);
}

/** A request handler for Node's http server: counts visits, logs in and out. */
export async function handler(req, res) {
  const { pathname } = new URL(req.url, "http://localhost");
  const route = `${req.method} ${pathname}`;

  if (route === "GET /") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    send(res, 200, "text/html; charset=utf-8", renderHome(session));
  } else if (route === "GET /api/views") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    send(res, 200, "application/json", JSON.stringify({ views: session.views }));
  } else if (route === "POST /api/login") {
    const name = readName((await readForm(req))?.get("name"));
    if (name === undefined) {
      send(res, 400, "text/plain", "name must be 1 to 64 characters");
      return;
    }
    const session = await getSession(req, res);
    session.user = { name };
    // A new id at login, so that an id planted before it is worthless (session fixation).
    await session.regenerate();
    res.writeHead(302, { Location: "/" }).end();
  } else if (route === "POST /api/logout") {
    const session = await getSession(req, res);
    await session.destroy();
    res.writeHead(302, { Location: "/goodbye" }).end();
  } else if (route === "GET /goodbye") {
    send(res, 200, "text/html; charset=utf-8", GOODBYE);
  } else {
    send(res, 404, "text/plain", "Not found");
  }
}
