// The HTML that the plain-Node examples (http, express, micro) serve, kept in one place so
// that their own files show only what differs: the host and how it uses getSession. Each page
// names an empty icon, so that browsers do not ask these servers for /favicon.ico (a 404).
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** User input goes into HTML only through this. */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** The start page: the view count, and a login or a logout form. */
function renderHome({ views, user }) {
  const account = user
    ? `<form method="post" action="/api/logout"><p>Logged in as <strong id="user">${escapeHtml(
        user.name,
      )}</strong>. <button type="submit" id="logout">Log out</button></p></form>`
    : `<form method="post" action="/api/login"><label>Name <input name="name" id="name" required maxlength="64"></label> <button type="submit" id="login">Log in</button></form>`;
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>next-session</title></head><body><main>
<p>In this session, you have visited this website <strong id="views">${views}</strong> time(s).</p>
${account}
</main></body></html>`;
}

const GOODBYE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Logged out</title></head><body><main><h1>Logged out</h1><p><a href="/">Back to the start page</a></p></main></body></html>`;

module.exports = { renderHome, GOODBYE };
