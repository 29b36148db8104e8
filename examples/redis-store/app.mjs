import { readForm, readName } from "../shared/form.cjs";
import { GOODBYE, renderHome } from "../shared/page.cjs";
import { getSession } from "./lib/get-session.mjs";

function send(res, status, type, body) {
  res.writeHead(status, { "Content-Type": type }).end(body);
}

async function route(req, res) {
  const { pathname } = new URL(req.url, "http://localhost");
  const path = `${req.method} ${pathname}`;

  if (path === "GET /") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    send(res, 200, "text/html; charset=utf-8", renderHome(session));
  } else if (path === "GET /api/views") {
    const session = await getSession(req, res);
    session.views = (session.views ?? 0) + 1;
    send(res, 200, "application/json", JSON.stringify({ views: session.views }));
  } else if (path === "POST /api/login") {
    const name = readName((await readForm(req))?.get("name"));
    if (name === undefined) {
      send(res, 400, "text/plain", "name must be 1 to 64 characters");
      return;
    }
    const session = await getSession(req, res);
    await session.regenerate();
    session.user = { name };
    res.writeHead(302, { Location: "/" }).end();
  } else if (path === "POST /api/logout") {
    const session = await getSession(req, res);
    await session.destroy();
    res.writeHead(302, { Location: "/goodbye" }).end();
  } else if (path === "GET /goodbye") {
    send(res, 200, "text/html; charset=utf-8", GOODBYE);
  } else {
    send(res, 404, "text/plain", "Not found");
  }
}

/**
 * Node's http server with sessions in Redis. While Redis is down or frozen, getSession
 * rejects within the store's timeout: the visitor gets a 503 and the app keeps running.
 */
export async function handler(req, res) {
  try {
    await route(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 503, "text/plain", "Sessions are unavailable; try again soon");
    else res.end();
  }
}
