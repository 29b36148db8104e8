// pages/api/views.ts
import type { NextApiRequest, NextApiResponse } from "next";
import { getSession } from "../../lib/session";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSession(req, res);
  session.views = (session.views ?? 0) + 1;
  res.json({ views: session.views });
}

// The response is ended a moment after the handler returns (once the session is saved),
// which Next.js would otherwise report as "API resolved without sending a response".
export const config = { api: { externalResolver: true } };
