import { appSession } from "next-session/next";
import { getSession } from "../../lib/session";

/**
 * Server Components cannot set cookies, so a session changed here cannot be committed:
 * commit() fails with an error that says where to do it instead, shown here.
 */
export default async function ReadOnly() {
  const session = await appSession(getSession);
  session.views = (session.views ?? 0) + 1;
  const outcome = await session.commit().then(
    () => "committed",
    (error: Error) => error.message,
  );
  return (
    <main>
      <h1>Writing from a Server Component</h1>
      <p id="outcome">{outcome}</p>
    </main>
  );
}
