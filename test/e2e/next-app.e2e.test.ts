import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "./helpers/app-process.js";
import { launchBrowser } from "./helpers/browser.js";
import { type Allowed, serverProblems, watchBrowserConsole } from "./helpers/clean-console.js";
import { installExampleApp, type NextMode, startNextApp } from "./helpers/next-app.js";

/**
 * examples/next-app in a real browser: one visitor moves between a proxy, Server Actions,
 * Server Components, a Route Handler, an edge-runtime Route Handler and a Pages Router page,
 * and keeps one session throughout.
 */
const root = join(import.meta.dirname, "..", "..");
const OUTPUT_DIR = join(root, "test-output");
const appDir = join(root, "examples", "next-app");
let app: AppProcess;
let browser: Browser;
let consoleProblems: string[] = [];

// The browser first: without Chromium the file fails before it starts anything.
beforeAll(async () => {
  browser = await launchBrowser();
  await installExampleApp(appDir);
});

afterAll(async () => {
  await browser?.close();
});

/** Printed on purpose by this app, and only in `next dev`. */
const UNSAVED_WARNING: Allowed = {
  pattern: /^next-session: a session was changed but not saved within 5 s/m,
  why: "app/readonly/page.tsx changes the session in a Server Component, which cannot save it",
};
const EDGE_DEPRECATION: Allowed = {
  pattern: /⚠ The Edge Runtime is deprecated/,
  why: "Next.js 16 deprecates the edge runtime; app/api/edge-counter keeps it on purpose, to run this package's edge entry point",
};

async function withVisitor(
  use: (context: BrowserContext, page: Page) => Promise<void>,
  userAgent?: string,
) {
  const context = await browser.newContext({ baseURL: app.url, ...(userAgent && { userAgent }) });
  watchBrowserConsole(context, consoleProblems);
  try {
    await use(context, await context.newPage());
  } finally {
    await context.close();
  }
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === "sid");
}

/** `fetch` from inside the page, so that the browser sends and stores its own cookies. */
function getJson(page: Page, path: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (route) => {
    const response = await fetch(route);
    if (!response.ok) throw new Error(`${route} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }, path);
}

async function signIn(page: Page, name: string) {
  await page.goto("/login");
  await page.fill("input[name=name]", name);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/account"),
    page.click("button[type=submit]"),
  ]);
}

describe.each<NextMode>(["dev", "start"])(
  "examples/next-app (next %s, headless Chromium)",
  (mode) => {
    beforeAll(async () => {
      consoleProblems = [];
      app = await startNextApp(appDir, mode);
    });

    afterAll(async () => {
      await app?.stop();
    });

    it("the proxy sends a visitor without a session from /account to /login", async () => {
      await withVisitor(async (_context, page) => {
        await page.goto("/account");
        expect(new URL(page.url()).pathname).toBe("/login");
      });
    });

    it("keeps one session across a Server Action, Server Components, Route Handlers (Node and edge), a Pages page and a Pages API route", async () => {
      await withVisitor(async (context, page) => {
        await signIn(page, "Ada");
        expect(await page.locator("#user").textContent()).toBe("Signed in as Ada");

        const cookie = await sessionCookie(context);
        expect(cookie).toMatchObject({ httpOnly: true, path: "/", sameSite: "Lax" });
        const dayFromNow = Date.now() / 1000 + 24 * 60 * 60;
        expect(Math.abs((cookie?.expires ?? 0) - dayFromNow)).toBeLessThan(120);

        expect(await getJson(page, "/api/counter")).toEqual({ views: 1, user: "Ada" });
        expect(await getJson(page, "/api/edge-counter")).toEqual({
          views: 2,
          user: "Ada",
          runtime: "edge",
        });
        await page.goto("/pages-views");
        expect(await page.locator("#user").textContent()).toBe("Signed in as Ada");
        expect(await page.locator("#views").textContent()).toBe("Views: 3");
        expect(await getJson(page, "/api/counter")).toEqual({ views: 4, user: "Ada" });
        expect(await getJson(page, "/api/views")).toEqual({ views: 5, user: "Ada" });

        await page.goto("/");
        expect(await page.locator("#views").textContent()).toBe("Views: 5");
        expect((await sessionCookie(context))?.value).toBe(cookie?.value);

        await page.goto("/account");
        await mkdir(OUTPUT_DIR, { recursive: true });
        await page.screenshot({ path: join(OUTPUT_DIR, `next-app-${mode}-account.png`) });
      });
    });

    it("a Server Component can read the session but a write there fails with a clear message", async () => {
      await withVisitor(async (_context, page) => {
        await signIn(page, "Grace");
        await page.goto("/readonly");
        expect(await page.locator("#outcome").textContent()).toMatch(
          /only Server Actions and Route Handlers set cookies/,
        );
        expect(await getJson(page, "/api/counter")).toEqual({ views: 1, user: "Grace" });
      });
    });

    it("signing out (a Server Action calling destroy) clears the cookie and the proxy applies again", async () => {
      await withVisitor(async (context, page) => {
        await signIn(page, "Ada");
        await Promise.all([
          page.waitForURL((url) => url.pathname === "/login"),
          page.click("text=Sign out"),
        ]);
        expect(await sessionCookie(context)).toBeUndefined();
        await page.goto("/account");
        expect(new URL(page.url()).pathname).toBe("/login");
        expect(await getJson(page, "/api/counter")).toEqual({ views: 1, user: null });
      });
    });

    /**
     * The devices that /devices lists: what each says of itself (its user agent), and whether
     * it is this one; sorted by what they say, as the page lists the most recently active first.
     */
    async function devicesOn(page: Page) {
      await page.goto("/devices");
      const devices = await page.locator("li.device").evaluateAll((items) =>
        items.map((item) => ({
          details: item.querySelector(".details")?.textContent ?? "",
          current: item.classList.contains("current"),
        })),
      );
      return devices.sort((a, b) => a.details.localeCompare(b.details));
    }

    it("lists one user's devices, and one signs the other out: its next request is signed out", async () => {
      const user = `Lin-${mode}`;
      await withVisitor(async (_a, laptop) => {
        await withVisitor(async (_b, phone) => {
          await signIn(laptop, user);
          await signIn(phone, user);
          expect(await devicesOn(laptop)).toEqual([
            { details: "E2E laptop", current: true },
            { details: "E2E phone", current: false },
          ]);
          await Promise.all([
            laptop.waitForResponse((response) => response.request().method() === "POST"),
            laptop.click("li.device:not(.current) button"),
          ]);
          await expect
            .poll(() => devicesOn(laptop))
            .toEqual([{ details: "E2E laptop", current: true }]);
          await phone.goto("/account");
          expect(new URL(phone.url()).pathname).toBe("/login");
          await laptop.goto("/account");
          expect(await laptop.locator("#user").textContent()).toBe(`Signed in as ${user}`);
        }, "E2E phone");
      }, "E2E laptop");
    });

    it("signs out all other devices at once, and keeps this one", async () => {
      const user = `Kai-${mode}`;
      await withVisitor(async (_a, first) => {
        await withVisitor(async (_b, second) => {
          await withVisitor(async (_c, third) => {
            for (const page of [first, second, third]) await signIn(page, user);
            expect(await devicesOn(third)).toHaveLength(3);
            await Promise.all([
              third.waitForResponse((response) => response.request().method() === "POST"),
              third.click("#sign-out-others"),
            ]);
            await expect
              .poll(() => devicesOn(third))
              .toEqual([{ details: "E2E third", current: true }]);
            for (const page of [first, second]) {
              expect(await getJson(page, "/api/counter")).toEqual({ views: 1, user: null });
            }
          }, "E2E third");
        }, "E2E second");
      }, "E2E first");
    });

    it("two visitors never see each other's session", async () => {
      await withVisitor(async (_a, first) => {
        await withVisitor(async (_b, second) => {
          await signIn(first, "Ada");
          await signIn(second, "Grace");
          await first.goto("/");
          await second.goto("/");
          expect(await first.locator("#user").textContent()).toBe("Signed in as Ada");
          expect(await second.locator("#user").textContent()).toBe("Signed in as Grace");
        });
      });
    });

    it("logs no warning or error in the server's output or the browser's console", async () => {
      if (mode === "dev") {
        // /readonly changed the session where it cannot be saved: in development the library
        // says so 5 s later. It must, and it is the only warning of ours.
        await expect
          .poll(() => UNSAVED_WARNING.pattern.test(app.output()), { timeout: 10_000 })
          .toBe(true);
      }
      expect(serverProblems(app.output(), [UNSAVED_WARNING, EDGE_DEPRECATION])).toEqual([]);
      expect(consoleProblems).toEqual([]);
    });
  },
);
