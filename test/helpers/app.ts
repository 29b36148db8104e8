import type { IncomingMessage, ServerResponse } from "node:http";
import { type GetSession, nextSession, type Options, type Session } from "../../src/index.js";
import { CookieClient } from "./client.js";
import { serve } from "./server.js";

export interface SessionApp {
  url: string;
  getSession: GetSession;
  /** A fresh cookie-keeping client for this server. */
  client(): CookieClient;
}

export type SessionHandler = (
  session: Session,
  req: IncomingMessage,
  res: ServerResponse,
) => unknown;

/**
 * A real HTTP server on loopback whose handler gets the session first; closed when the
 * test ends. The default handler counts views and answers with the count.
 */
export async function sessionApp(
  options: Options = {},
  handler: SessionHandler = countViews,
): Promise<SessionApp> {
  const getSession = nextSession(options);
  const server = await serve(async (req, res) => {
    const session = await getSession(req, res);
    await handler(session, req, res);
  });
  return { url: server.url, getSession, client: () => new CookieClient(server.url) };
}

export function countViews(session: Session, _req: IncomingMessage, res: ServerResponse): void {
  session.views = typeof session.views === "number" ? session.views + 1 : 1;
  res.end(String(session.views));
}

export function readOnly(session: Session, _req: IncomingMessage, res: ServerResponse): void {
  res.end(String(session.views ?? 0));
}
