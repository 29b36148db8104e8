// lib/session.ts
import nextSession from "next-session";

export const getSession = nextSession<{ views?: number; user?: { name: string } }>({
  cookie: { maxAge: 60 * 60 * 24, sameSite: "lax" },
});
