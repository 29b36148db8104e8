"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSession } from "../lib/session";

/** Server Actions may set cookies: the session is read and saved through `cookies()`. */
export async function login(form: FormData) {
  const name = String(form.get("name") ?? "").trim();
  if (name === "") redirect("/login");
  const session = await getSession(await cookies());
  session.user = { name };
  // A new id at login, so that an id planted before it is worthless (session fixation).
  await session.regenerate();
  await session.commit();
  redirect("/account");
}

export async function logout() {
  const session = await getSession(await cookies());
  await session.destroy();
  redirect("/login");
}
