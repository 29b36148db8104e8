import { createSigner } from "./cookie/signature.js";
import { createNextSession } from "./create-next-session.js";

export * from "./public-api.js";

/**
 * Creates `getSession` for the given options, which are read here, once: an option that
 * could never work throws a `TypeError` naming it. See `GetSession` for where it works.
 *
 * @example
 * export const getSession = nextSession({ cookie: { maxAge: 60 * 60 * 24 } });
 * // in a Pages API route or any Node handler: saved when the response ends
 * const session = await getSession(req, res);
 * // in a Route Handler or any Fetch API server: saved by commit()
 * const headers = new Headers();
 * const session = await getSession(request, headers);
 * session.views = (session.views ?? 0) + 1;
 * await session.commit();
 * return Response.json({ views: session.views }, { headers });
 */
export const nextSession = createNextSession(createSigner);
export default nextSession;
