import Link from "next/link";

/** Reached after logout. It does not touch the session, so no new cookie is started here. */
export default function Goodbye() {
  return (
    <main>
      <h1>Logged out</h1>
      <p>
        Your session was destroyed. <Link href="/">Back to the start page</Link>
      </p>
    </main>
  );
}
