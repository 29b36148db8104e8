// One getSession for the whole app, created once at start-up: every module imports it.
import nextSession from "next-session";

export const getSession = nextSession({ cookie: { maxAge: 60 * 60 * 24, sameSite: "lax" } });
