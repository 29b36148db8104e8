import { getSession } from "../../../lib/session";

/** A Route Handler: the cookie goes on the Headers that the response is sent with. */
export async function GET(request: Request) {
  const headers = new Headers();
  const session = await getSession(request, headers);
  session.views = (session.views ?? 0) + 1;
  await session.commit();
  return Response.json({ views: session.views, user: session.user?.name ?? null }, { headers });
}
