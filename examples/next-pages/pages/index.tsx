import type { GetServerSideProps } from "next";
import { type AppSession, getSession } from "../lib/get-session";

interface Props {
  views: number;
  user: AppSession["user"] | null;
}

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res }) => {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  return { props: { views: session.views, user: session.user ?? null } };
};

export default function Home({ views, user }: Props) {
  return (
    <main>
      <h1>next-session in the Pages Router</h1>
      <p>
        In this session, you have visited this website <strong id="views">{views}</strong> time(s).
      </p>
      {user ? (
        <form method="post" action="/api/logout">
          <p>
            Logged in as <strong id="user">{user.name}</strong>.{" "}
            <button type="submit" id="logout">
              Log out
            </button>
          </p>
        </form>
      ) : (
        <form method="post" action="/api/login">
          <label>
            Name <input name="name" id="name" required maxLength={64} />
          </label>{" "}
          <button type="submit" id="login">
            Log in
          </button>
        </form>
      )}
    </main>
  );
}
