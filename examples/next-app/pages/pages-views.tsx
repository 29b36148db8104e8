import type { GetServerSideProps } from "next";
import { getSession } from "../lib/session";

interface Props {
  views: number;
  user: string | null;
}

/** A Pages Router page in the same app: Node's req/res, saved automatically. */
export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res }) => {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  return { props: { views: session.views, user: session.user?.name ?? null } };
};

export default function PagesViews({ views, user }: Props) {
  return (
    <main>
      <h1>Pages Router</h1>
      <p id="user">{user ? `Signed in as ${user}` : "Not signed in"}</p>
      <p id="views">Views: {views}</p>
    </main>
  );
}
