// app/actions.ts: Server Actions
"use server";
import { appSession } from "next-session/next";
import { redirect } from "next/navigation";
import { getSession } from "../lib/session";

export async function login(form: FormData) {
  const name = String(form.get("name") ?? "").trim();
  if (name === "") redirect("/login"); // check the user's password here too
  const session = await appSession(getSession);
  session.user = { name };
  await session.regenerate(); // a new id at login (see regenerate())
  await session.commit();
  redirect("/account");
}

export async function logout() {
  const session = await appSession(getSession);
  await session.destroy();
  redirect("/login");
}
