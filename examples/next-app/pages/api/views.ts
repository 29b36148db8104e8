import type { NextApiRequest, NextApiResponse } from "next";
import { getSession } from "../../lib/session";

/** A Pages Router API route: saved automatically when the response ends. */
export default async function views(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  res.json({ views: session.views, user: session.user?.name ?? null });
}

export const config = { api: { externalResolver: true } };
