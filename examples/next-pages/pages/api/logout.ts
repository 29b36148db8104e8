import type { NextApiRequest, NextApiResponse } from "next";
import { getSession } from "../../lib/get-session";

export const config = { api: { externalResolver: true } };

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    res.status(405).end();
    return;
  }
  const session = await getSession(req, res);
  // Removes the record from the store and sends an expired cookie.
  await session.destroy();
  res.redirect(302, "/goodbye");
}
