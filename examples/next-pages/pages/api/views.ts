import type { NextApiRequest, NextApiResponse } from "next";
import { getSession } from "../../lib/get-session";

// The session is saved when the response ends, after this handler has returned: tell
// Next.js so, or it warns "API resolved without sending a response".
export const config = { api: { externalResolver: true } };

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  res.status(200).json({ views: session.views });
}
