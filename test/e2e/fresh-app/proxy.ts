// proxy.ts (middleware.ts before Next.js 16): redirect when signed out
import { type NextRequest, NextResponse } from "next/server";
import { getSession } from "./lib/session";

export async function proxy(request: NextRequest) {
  const session = await getSession(request); // read-only
  if (!session.user) return NextResponse.redirect(new URL("/login", request.url));
  return NextResponse.next();
}

export const config = { matcher: ["/account"] };
