import { describe, expect, it } from "vitest";
import { sessionApp } from "../helpers/app.js";

/**
 * Next.js evaluates an app's session module once per layer (Pages API routes, pages, the App
 * Router, the proxy), so one app calls nextSession() several times in one process. Here each
 * sessionApp() is one such call, with its own server.
 */
describe("the default store (no `store` option)", () => {
  it("is shared by every nextSession() with the same cookie name in the process", async () => {
    const apiRoutes = await sessionApp();
    const pages = await sessionApp();
    const visitor = apiRoutes.client();
    expect((await visitor.request()).body).toBe("1");
    expect((await visitor.request()).body).toBe("2");
    const sid = visitor.jar.get("sid");
    const samePageVisitor = pages.client();
    samePageVisitor.jar.set("sid", sid as string);
    expect((await samePageVisitor.request()).body).toBe("3");
  });

  it("keeps apps with different cookie names apart", async () => {
    const admin = await sessionApp({ name: "admin-sid" });
    const shop = await sessionApp({ name: "shop-sid" });
    const adminVisitor = admin.client();
    expect((await adminVisitor.request()).body).toBe("1");
    const id = adminVisitor.jar.get("admin-sid") as string;
    // The same id under the other app's cookie name finds nothing: a new session starts.
    const shopVisitor = shop.client();
    shopVisitor.jar.set("shop-sid", id);
    const response = await shopVisitor.request();
    expect(response.body).toBe("1");
    expect(shopVisitor.jar.get("shop-sid")).not.toBe(id);
    expect((await adminVisitor.request()).body).toBe("2");
  });
});
