import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { MemoryStore, nextSession, type Session } from "../../src/index.js";
import { CookieClient } from "../helpers/client.js";
import { FakeCookieStore, requestWith } from "../helpers/fetch.js";
import { serve } from "../helpers/server.js";
import { cookiesNamed } from "../helpers/set-cookie.js";

/** A shop's public session and a staff session with its own name, secret and store. */
function twoInstances() {
  const publicStore = new MemoryStore();
  const staffStore = new MemoryStore();
  const getPublic = nextSession({ store: publicStore });
  const getStaff = nextSession({ name: "staff", secret: "staff secret", store: staffStore });
  return { publicStore, staffStore, getPublic, getStaff };
}

describe("two nextSession() instances on one Node request", () => {
  it("each gets a session with its own name, secret and store", async () => {
    const { publicStore, staffStore, getPublic, getStaff } = twoInstances();
    const server = await serve(async (req, res) => {
      const shop = await getPublic(req, res);
      const staff = await getStaff(req, res);
      if (req.url === "/login") staff.staffUser = String(req.headers["x-user"]);
      if (req.url === "/cart") shop.cart = String(req.headers["x-user"]);
      res.end(JSON.stringify({ staffUser: staff.staffUser ?? null, same: staff === shop }));
    });
    const login = await fetch(`${server.url}/login`, { headers: { "x-user": "bob" } });
    expect(await login.json()).toEqual({ staffUser: "bob", same: false });
    const [staffCookie] = cookiesNamed(login.headers, "staff");
    expect(staffCookie?.value).toMatch(/^s%3A/);
    expect(cookiesNamed(login.headers, "sid")).toEqual([]);
    expect(staffStore.store.size).toBe(1);
    expect(publicStore.store.size).toBe(0);

    // Mallory puts a staffUser into her public (unsigned) session: it stays public data.
    const shop = new CookieClient(server.url);
    await shop.request("/cart", { headers: { "x-user": "mallory" } });
    expect(await (await shop.request("/")).body).toBe(
      JSON.stringify({ staffUser: null, same: false }),
    );
  });

  it("req.session keeps the first instance's session, and each instance gets its own back when it asks again", async () => {
    const { getPublic, getStaff } = twoInstances();
    const seen: boolean[] = [];
    const server = await serve(async (req, res) => {
      const shop = await getPublic(req, res);
      const staff = await getStaff(req, res);
      const onRequest = (req as IncomingMessage & { session?: Session }).session;
      seen.push(onRequest === shop, (await getPublic(req, res)) === shop);
      seen.push((await getStaff(req, res)) === staff);
      res.end();
    });
    await fetch(server.url);
    expect(seen).toEqual([true, true, true]);
  });

  it("after the second instance's destroy(), it starts a new session and req.session stays the first's", async () => {
    const { getPublic, getStaff } = twoInstances();
    const seen: boolean[] = [];
    const server = await serve(async (req, res) => {
      const shop = await getPublic(req, res);
      const staff = await getStaff(req, res);
      await staff.destroy();
      const again = await getStaff(req, res);
      const onRequest = (req as IncomingMessage & { session?: Session }).session;
      seen.push(again !== staff, again.id !== staff.id, onRequest === shop);
      res.end();
    });
    await fetch(server.url);
    expect(seen).toEqual([true, true, true]);
  });

  it("does not take a req.session put there by something else for its own", async () => {
    const getSession = nextSession();
    const server = await serve(async (req, res) => {
      (req as IncomingMessage & { session?: unknown }).session = { user: "from elsewhere" };
      const session = await getSession(req, res);
      res.end(String(session.user ?? "nobody"));
    });
    expect(await (await fetch(server.url)).text()).toBe("nobody");
  });
});

describe("two nextSession() instances on one Request or cookie store", () => {
  it("each gets its own session, and the same one when it asks again", async () => {
    const { getPublic, getStaff } = twoInstances();
    const request = requestWith();
    const headers = new Headers();
    const shop = await getPublic(request, headers);
    const staff = await getStaff(request, headers);
    expect(staff).not.toBe(shop);
    expect(await getPublic(request, headers)).toBe(shop);
    expect(await getStaff(request, headers)).toBe(staff);

    const cookies = new FakeCookieStore();
    const shopFromStore = await getPublic(cookies);
    shopFromStore.n = 1;
    await shopFromStore.commit();
    const staffFromStore = await getStaff(cookies);
    staffFromStore.n = 2;
    await staffFromStore.commit();
    expect(await getPublic(cookies)).toBe(shopFromStore);
    expect(await getStaff(cookies)).toBe(staffFromStore);
  });
});
