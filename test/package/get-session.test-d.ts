import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expectTypeOf, it } from "vitest";
import { nextSession, type Session, type SessionCookieStore } from "../../src/index.js";

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
