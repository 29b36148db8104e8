import { appSession } from "next-session/next";
import { getSession } from "../lib/session";

/** A Server Component: it reads the session (it could not set a cookie). */
export default async function Home() {
  const session = await appSession(getSession);
  return (
    <main>
      <h1>next-session on the App Router</h1>
      <p id="user">{session.user ? `Signed in as ${session.user.name}` : "Not signed in"}</p>
      <p id="views">Views: {session.views ?? 0}</p>
    </main>
  );
}
