// app/account/page.tsx: a Server Component reads the session
import { appSession } from "next-session/next";
import { Suspense } from "react";
import { getSession } from "../../lib/session";
import { logout } from "../actions";

async function SignedInAs() {
  const session = await appSession(getSession);
  return (
    <p>
      Signed in as {session.user?.name}. Views: {session.views ?? 0}
    </p>
  );
}

export default function Account() {
  return (
    <main>
      <Suspense fallback={<p>Loading…</p>}>
        <SignedInAs />
      </Suspense>
      <form action={logout}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
