import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "./helpers/app-process.js";
import { launchBrowser } from "./helpers/browser.js";
import { serverProblems, watchBrowserConsole } from "./helpers/clean-console.js";
import { type NextMode, prepareStandaloneApp, startNextApp, warmUp } from "./helpers/next-app.js";

/**
 * test/e2e/fresh-app: what `create-next-app` 16.4.3 generates (its default config, with
 * `cacheComponents` and `partialPrefetching`), plus the README's Next.js code pasted as
 * written (test/package/readme-app.test.ts keeps the two identical), with next-session installed
 * from the packed tarball. A new user's first hour, in `next dev` and in `next start`.
 */
const root = join(import.meta.dirname, "..", "..");
const OUTPUT_DIR = join(root, "test-output");
let appDir: string;
let browser: Browser;

// The browser first: without Chromium the file fails before it starts anything.
beforeAll(async () => {
  browser = await launchBrowser();
  appDir = await prepareStandaloneApp(join(import.meta.dirname, "fresh-app"), root);
});

afterAll(async () => {
  await browser?.close();
});

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === "sid");
}

/** `fetch` from inside the page, so that the browser sends and stores its own cookies. */
function getViews(page: Page, path: string): Promise<number> {
  return page.evaluate(async (route) => {
    const response = await fetch(route);
    if (!response.ok) throw new Error(`${route} answered ${response.status}`);
    return ((await response.json()) as { views: number }).views;
  }, path);
}

/** The count that pages/views.tsx (getServerSideProps) shows. */
async function pageViews(page: Page): Promise<number> {
  const text = await page.getByText(/you have visited this website/).textContent();
  return Number(/(\d+) time\(s\)/.exec(text ?? "")?.[1]);
}

describe.each<NextMode>(["dev", "start"])(
  "create-next-app + the README (next %s, headless Chromium)",
  (mode) => {
    let app: AppProcess;
    let context: BrowserContext;
    let page: Page;
    const consoleProblems: string[] = [];

    beforeAll(async () => {
      app = await startNextApp(appDir, mode);
      if (mode === "dev") {
        await warmUp(app, ["/views", "/api/views", "/api/counter", "/login", "/account"]);
      }
      // One visitor for the whole story below, as a person would go through it.
      context = await browser.newContext({ baseURL: app.url });
      watchBrowserConsole(context, consoleProblems);
      page = await context.newPage();
    });

    afterAll(async () => {
      await context?.close();
      await app?.stop();
    });

    it("counts views across a Pages API route, a getServerSideProps page and a Route Handler", async () => {
      await page.goto("/views");
      expect(await pageViews(page)).toBe(1);
      expect(await getViews(page, "/api/views")).toBe(2);
      expect(await getViews(page, "/api/counter")).toBe(3);
      await page.reload();
      expect(await pageViews(page)).toBe(4);
      expect(await getViews(page, "/api/counter")).toBe(5);
    });

    it("sends a signed-out visitor from /account to /login (the proxy)", async () => {
      await page.goto("/account");
      expect(new URL(page.url()).pathname).toBe("/login");
    });

    it("signs in with the Server Action under a new id and shows the account page", async () => {
      const before = await sessionCookie(context);
      await page.goto("/login");
      await page.fill("input[name=name]", "Ada");
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/account"),
        page.click("button[type=submit]"),
      ]);
      await expect
        .poll(() => page.getByText(/Signed in as/).textContent())
        .toBe("Signed in as Ada. Views: 5");
      const after = await sessionCookie(context);
      expect(after).toMatchObject({ httpOnly: true, path: "/", sameSite: "Lax" });
      // regenerate(): the session's data went on under a new id.
      expect(before?.value).toBeTruthy();
      expect(after?.value).not.toBe(before?.value);
      await mkdir(OUTPUT_DIR, { recursive: true });
      await page.screenshot({ path: join(OUTPUT_DIR, `fresh-app-${mode}-account.png`) });
    });

    it("stays signed in after a call to a Pages API route", async () => {
      const cookie = await sessionCookie(context);
      expect(await getViews(page, "/api/views")).toBe(6);
      expect((await sessionCookie(context))?.value).toBe(cookie?.value);
      await page.goto("/account");
      expect(new URL(page.url()).pathname).toBe("/account");
      await expect
        .poll(() => page.getByText(/Signed in as/).textContent())
        .toBe("Signed in as Ada. Views: 6");
    });

    it("signs out: the cookie is gone and the proxy applies again", async () => {
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/login"),
        page.click("text=Sign out"),
      ]);
      expect(await sessionCookie(context)).toBeUndefined();
      await page.goto("/account");
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(await getViews(page, "/api/views")).toBe(1);
    });

    it("logs no warning or error in the server's output or the browser's console", () => {
      expect(serverProblems(app.output())).toEqual([]);
      expect(consoleProblems).toEqual([]);
    });
  },
);
