import { describe, expect, it } from "vitest";
import edgeDefault, { MemoryStore, nextSession } from "../../src/edge.js";
import { requestWith } from "../helpers/fetch.js";
import { cookiePair } from "../helpers/set-cookie.js";

describe("the edge entry point (src/edge.ts)", () => {
  it("exports the same API, by name and as default", () => {
    expect(edgeDefault).toBe(nextSession);
    expect(typeof MemoryStore).toBe("function");
  });

  it("loads, commits and reads a session from a Request", async () => {
    const getSession = nextSession({ store: new MemoryStore() });
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    session.user = "ada";
    await session.commit();
    const again = await getSession(requestWith(cookiePair(headers)));
    expect(again.user).toBe("ada");
  });

  it("says that `secret` needs the Node.js entry point", () => {
    expect(() => nextSession({ secret: "s3cret" })).toThrow(
      new TypeError(
        'next-session: option "secret" is not supported by this entry point (it signs with node:crypto); use the Node.js entry point, or sign the id with "encode"/"decode"',
      ),
    );
  });

  it("keeps encode and decode", async () => {
    const getSession = nextSession({ encode: (id) => `x${id}`, decode: (raw) => raw.slice(1) });
    const headers = new Headers();
    const session = await getSession(requestWith(), headers);
    session.n = 1;
    await session.commit();
    expect(cookiePair(headers)).toBe(`sid=x${session.id}`);
  });
});
