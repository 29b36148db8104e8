import { type NextRequest, NextResponse } from "next/server";
import { getSession } from "./lib/session";

/**
 * The proxy (Next.js 16's name for middleware) only reads the session: without headers
 * to write to, getSession(request) gives a read-only session.
 */
export async function proxy(request: NextRequest) {
  const session = await getSession(request);
  if (!session.user) return NextResponse.redirect(new URL("/login", request.url));
  return NextResponse.next();
}

export const config = { matcher: ["/account", "/devices"] };
