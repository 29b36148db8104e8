import type { NextApiRequest, NextApiResponse } from "next";
import { getSession } from "../../lib/get-session";

export const config = { api: { externalResolver: true } };

/** Reads the name from the form; anything else than a short non-blank string is refused. */
function readName(body: unknown): string | undefined {
  const name = (body as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string") return undefined;
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed.length <= 64 ? trimmed : undefined;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    res.status(405).end();
    return;
  }
  const name = readName(req.body);
  if (name === undefined) {
    res.status(400).json({ error: "name must be 1 to 64 characters" });
    return;
  }
  const session = await getSession(req, res);
  session.user = { name };
  // A new id at login, so that an id planted before it is worthless (session fixation).
  await session.regenerate();
  res.redirect(302, "/");
}
