import { getSession } from "./lib/get-session.mjs";

/** A request handler for Node's http server: counts visits, with a logout. */
export async function handler(req, res) {
  const session = await getSession(req, res);
  if (req.url === "/logout") {
    await session.destroy();
    res.writeHead(302, { Location: "/" }).end();
    return;
  }
  session.views = (session.views ?? 0) + 1;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end(
    `<p>In this session, you have visited this website ${session.views} time(s).</p>` +
      `<p><a href="/">Visit again</a> · <a href="/logout">Forget me</a></p>`,
  );
}
