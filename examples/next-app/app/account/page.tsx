import { appSession } from "next-session/next";
import { getSession } from "../../lib/session";
import { logout } from "../actions";

/** Only reached with a session: the proxy sends everyone else to /login. */
export default async function Account() {
  const session = await appSession(getSession);
  return (
    <main>
      <h1>Account</h1>
      <p id="user">Signed in as {session.user?.name}</p>
      <p id="views">Views: {session.views ?? 0}</p>
      <form action={logout}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
