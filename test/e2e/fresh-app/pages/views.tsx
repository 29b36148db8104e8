// pages/views.tsx
import type { GetServerSideProps } from "next";
import { getSession } from "../lib/session";

export default function Views({ views }: { views: number }) {
  return <p>In this session, you have visited this website {views} time(s).</p>;
}

export const getServerSideProps: GetServerSideProps<{ views: number }> = async ({ req, res }) => {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  return { props: { views: session.views } };
};
