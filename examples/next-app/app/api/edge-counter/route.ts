import nextSession from "next-session";
import { HttpStore, storeToken } from "../../../lib/http-store";
import type { AppSession } from "../../../lib/session";
import { options } from "../../../lib/session";

// The edge runtime: no Node built-ins, no access to the Node server's memory.
export const runtime = "edge";

// The same options (cookie name and attributes) as every other route, with a store that
// the edge can reach. The URL comes from configuration, never from the request's Host.
const storeUrl =
  process.env.SESSION_STORE_URL ??
  `http://127.0.0.1:${process.env.PORT ?? "3000"}/api/session-store`;
const getEdgeSession = nextSession<AppSession>({
  ...options,
  store: new HttpStore(storeUrl, storeToken),
});

declare const EdgeRuntime: string | undefined;

export async function GET(request: Request) {
  const headers = new Headers();
  const session = await getEdgeSession(request, headers);
  session.views = (session.views ?? 0) + 1;
  await session.commit();
  return Response.json(
    {
      views: session.views,
      user: session.user?.name ?? null,
      runtime: typeof EdgeRuntime === "string" ? "edge" : "node",
    },
    { headers },
  );
}
