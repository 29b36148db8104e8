import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expectTypeOf, it } from "vitest";
import {
  MemoryStore,
  nextSession,
  type Session,
  type SessionCookieStore,
  type SessionOwnerIndex,
  type SessionStore,
  type SessionSummary,
} from "../../src/index.js";

type Fields = { user?: string };
const getSession = nextSession<Fields>();
declare const req: IncomingMessage;
declare const res: ServerResponse;
declare const request: Request;
declare const cookies: SessionCookieStore;

/** The shape of Next.js's `RequestCookies` (`request.cookies` in a proxy): `set` changes only the request. */
declare const requestCookies: {
  get(...args: [name: string] | [{ name: string; value: string }]): { value: string } | undefined;
  set(...args: [key: string, value: string] | [options: { name: string; value: string }]): unknown;
};

describe("getSession overloads", () => {
  it("takes Node's req and res", () => {
    expectTypeOf(getSession(req, res)).toEqualTypeOf<Promise<Session<Fields>>>();
  });

  it("takes a Request, with or without the response's Headers", () => {
    expectTypeOf(getSession(request, new Headers())).toEqualTypeOf<Promise<Session<Fields>>>();
    expectTypeOf(getSession(request)).toEqualTypeOf<Promise<Session<Fields>>>();
  });

  it("takes a cookie store", () => {
    expectTypeOf(getSession(cookies)).toEqualTypeOf<Promise<Session<Fields>>>();
  });

  it("rejects what would lose the cookie or mix hosts", () => {
    // @ts-expect-error a Node request needs its response
    void getSession(req);
    // @ts-expect-error a Request's cookie goes on Headers, not on a Node response
    void getSession(request, res);
    // @ts-expect-error request.cookies cannot set a cookie on the response
    void getSession(requestCookies);
  });
});

describe("owners: listing and revoking a user's sessions", () => {
  const session = {} as Session<Fields>;

  it("lists summaries, with details of the type the caller names", () => {
    expectTypeOf(getSession.listSessions("ada")).toEqualTypeOf<Promise<SessionSummary[]>>();
    const listed = getSession.listSessions<{ device: string }>(42, session);
    expectTypeOf(listed).toEqualTypeOf<Promise<SessionSummary<{ device: string }>[]>>();
    type Listed = Awaited<typeof listed>[number];
    expectTypeOf<Listed["handle"]>().toEqualTypeOf<string>();
    expectTypeOf<Listed["createdAt"]>().toEqualTypeOf<Date>();
    expectTypeOf<Listed["expiresAt"]>().toEqualTypeOf<Date | undefined>();
  });

  it("revokes one by handle, or all but the current one", () => {
    expectTypeOf(getSession.revokeSession("ada", "handle")).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(getSession.revokeSessions("ada", { except: session })).toEqualTypeOf<
      Promise<number>
    >();
    expectTypeOf(getSession.revokeSessions("ada")).toEqualTypeOf<Promise<number>>();
  });

  it("takes an owner function that reads untyped fields, and a store with an owner index", () => {
    nextSession({ owner: (s) => s.user?.id, describe: (s) => s.device, absoluteTimeout: 3600 });
    expectTypeOf<NonNullable<SessionStore["ownerIndex"]>>().toEqualTypeOf<SessionOwnerIndex>();
    expectTypeOf(new MemoryStore().ownerIndex).toEqualTypeOf<SessionOwnerIndex>();
  });

  it("rejects what is not an owner, a handle or a session", () => {
    // @ts-expect-error an owner is a string or a number
    void getSession.listSessions({ id: "ada" });
    // @ts-expect-error a handle is a string
    void getSession.revokeSession("ada", 1);
    // @ts-expect-error except takes a session
    void getSession.revokeSessions("ada", { except: "handle" });
    // @ts-expect-error the owner function returns a string, a number or nothing
    nextSession({ owner: (s) => s.user as object });
  });
});
