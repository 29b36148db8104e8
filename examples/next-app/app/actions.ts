"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { appSession } from "next-session/next";
import { getSession } from "../lib/session";

/** Server Actions may set cookies: `appSession` loads the session through `cookies()`. */
export async function login(form: FormData) {
  const name = String(form.get("name") ?? "").trim();
  if (name === "") redirect("/login");
  const session = await appSession(getSession);
  session.user = { name };
  // What the devices page shows of this session: the browser's own description, shortened.
  session.device = ((await headers()).get("user-agent") ?? "unknown browser").slice(0, 120);
  // A new id at login, so that an id planted before it is worthless (session fixation).
  await session.regenerate();
  await session.commit();
  redirect("/account");
}

export async function logout() {
  const session = await appSession(getSession);
  await session.destroy();
  redirect("/login");
}

/** Ends one of this user's sessions, named by its handle from the devices page. */
export async function signOutDevice(form: FormData) {
  const session = await appSession(getSession);
  if (session.user) {
    await getSession.revokeSession(session.user.name, String(form.get("handle") ?? ""));
  }
  redirect("/devices");
}

/** Ends every session of this user but this one. */
export async function signOutOtherDevices() {
  const session = await appSession(getSession);
  if (session.user) await getSession.revokeSessions(session.user.name, { except: session });
  redirect("/devices");
}
