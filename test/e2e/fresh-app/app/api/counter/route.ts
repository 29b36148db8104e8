// app/api/counter/route.ts: a Route Handler
import { getSession } from "../../../lib/session";

export async function GET(request: Request) {
  const headers = new Headers();
  const session = await getSession(request, headers);
  session.views = (session.views ?? 0) + 1;
  await session.commit(); // appends the Set-Cookie to `headers`
  return Response.json({ views: session.views }, { headers });
}
