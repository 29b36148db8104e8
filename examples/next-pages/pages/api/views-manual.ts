import type { NextApiRequest, NextApiResponse } from "next";
import { getSessionManualCommit } from "../../lib/get-session";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSessionManualCommit(req, res);
  session.views = (session.views ?? 0) + 1;
  // With autoCommit: false nothing is saved unless we commit, before the response is sent.
  await session.commit();
  res.status(200).json({ views: session.views });
}
