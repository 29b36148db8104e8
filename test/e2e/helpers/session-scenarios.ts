import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Cookie, Page } from "playwright-core";
import { expect, it } from "vitest";
import { watchBrowserConsole } from "./clean-console.js";

/**
 * What an example app must serve for these scenarios (every example in examples/ does):
 * - `GET /`: counts a view in the session and shows it in `#views`; shows `#user` and a
 *   `#logout` form when logged in, else a `#name` field and a `#login` form;
 * - `GET /api/views`: counts a view and answers `{ "views": n }`;
 * - `POST /api/login` (form field `name`): stores the user, 302 to `/`;
 * - `POST /api/logout`: `session.destroy()`, 302 to `/goodbye`, which leaves the session alone;
 * - the `sid` cookie: HttpOnly, Path=/, SameSite=Lax, maxAge one day, touchAfter a minute.
 */
export interface ScenarioTarget {
  /** Names the screenshot: test-output/<name>-logged-in.png. */
  readonly name: string;
  url(): string;
  browser(): Browser;
  /** Extra routes that count a view and answer `{ "views": n }`, e.g. a manual-commit one. */
  readonly extraCountingRoutes?: readonly string[];
  /** Receives the browser's warnings and errors (see clean-console.ts). */
  readonly consoleProblems: string[];
}

const COOKIE = "sid";
const MAX_AGE_S = 24 * 60 * 60;
const OUTPUT_DIR = join(import.meta.dirname, "..", "..", "..", "test-output");

async function views(page: Page): Promise<number> {
  return Number(await page.locator("#views").textContent());
}

async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === COOKIE);
}

/** `fetch` from inside the page, so the browser sends its own cookies. */
function fetchViews(page: Page, path: string): Promise<number> {
  return page.evaluate(async (route) => {
    const response = await fetch(route);
    if (!response.ok) throw new Error(`${route} answered ${response.status}`);
    return ((await response.json()) as { views: number }).views;
  }, path);
}

async function withContext(
  target: ScenarioTarget,
  use: (context: BrowserContext) => Promise<void>,
) {
  const context = await target.browser().newContext();
  watchBrowserConsole(context, target.consoleProblems);
  try {
    await use(context);
  } finally {
    await context.close();
  }
}

async function logIn(page: Page, name: string) {
  await page.fill("#name", name);
  await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.click("#login")]);
}

/** Registers the browser scenarios as tests of the enclosing `describe`. */
export function sessionScenarios(target: ScenarioTarget): void {
  it("counts 1, 2, 3 across reloads", async () => {
    await withContext(target, async (context) => {
      const page = await context.newPage();
      await page.goto(target.url());
      expect(await views(page)).toBe(1);
      await page.reload();
      expect(await views(page)).toBe(2);
      await page.reload();
      expect(await views(page)).toBe(3);
    });
  });

  it("shares the count between the page and API routes called with fetch", async () => {
    await withContext(target, async (context) => {
      const page = await context.newPage();
      await page.goto(target.url());
      expect(await views(page)).toBe(1);
      const routes = ["/api/views", ...(target.extraCountingRoutes ?? [])];
      for (const [index, route] of routes.entries()) {
        expect(await fetchViews(page, route), route).toBe(index + 2);
      }
      await page.reload();
      expect(await views(page)).toBe(routes.length + 2);
    });
  });

  it("logs in, shows the user, logs out and clears the cookie", async () => {
    await withContext(target, async (context) => {
      const page = await context.newPage();
      await page.goto(target.url());
      const before = await sessionCookie(context);
      await logIn(page, "Ada Lovelace");
      expect(await page.locator("#user").textContent()).toBe("Ada Lovelace");
      // Logging in kept the session's data (the view count goes on) under a new id.
      expect(await views(page)).toBe(2);
      expect(before?.value).toBeTruthy();
      expect((await sessionCookie(context))?.value).not.toBe(before?.value);
      await mkdir(OUTPUT_DIR, { recursive: true });
      await page.screenshot({ path: join(OUTPUT_DIR, `${target.name}-logged-in.png`) });

      await Promise.all([
        page.waitForURL((url) => url.pathname === "/goodbye"),
        page.click("#logout"),
      ]);
      expect(await sessionCookie(context)).toBeUndefined();

      await page.goto(target.url());
      expect(await page.locator("#user").count()).toBe(0);
      expect(await views(page)).toBe(1);
    });
  });

  it("stores the cookie with HttpOnly, Path, SameSite and an Expires from maxAge", async () => {
    await withContext(target, async (context) => {
      const page = await context.newPage();
      const before = Date.now() / 1000;
      await page.goto(target.url());
      const after = Date.now() / 1000;
      const cookie = await sessionCookie(context);
      expect(cookie).toMatchObject({ httpOnly: true, path: "/", sameSite: "Lax", secure: false });
      // Expires is sent with one-second precision, and Chromium moves it by the difference
      // between its clock and the response's Date header (also whole seconds): up to a second
      // either way.
      expect(cookie?.expires).toBeGreaterThanOrEqual(Math.floor(before) + MAX_AGE_S - 1);
      expect(cookie?.expires).toBeLessThanOrEqual(Math.ceil(after) + MAX_AGE_S + 1);
      // HttpOnly: page scripts cannot read it.
      expect(await page.evaluate(() => document.cookie)).not.toContain(`${COOKIE}=`);

      // Within touchAfter a returning visit changes data but does not touch the session,
      // so no new cookie is sent and Expires stays where it was.
      await page.reload();
      expect(await views(page)).toBe(2);
      expect((await sessionCookie(context))?.expires).toBe(cookie?.expires);
    });
  });

  it("keeps two browser contexts in separate sessions", async () => {
    await withContext(target, async (first) => {
      await withContext(target, async (second) => {
        const pageA = await first.newPage();
        const pageB = await second.newPage();
        await pageA.goto(target.url());
        await pageA.reload();
        await logIn(pageA, "Alice");
        await pageB.goto(target.url());

        expect(await views(pageA)).toBe(3);
        expect(await views(pageB)).toBe(1);
        expect(await pageB.locator("#user").count()).toBe(0);
        const [cookieA, cookieB] = [await sessionCookie(first), await sessionCookie(second)];
        expect(cookieA?.value).toBeTruthy();
        expect(cookieB?.value).toBeTruthy();
        expect(cookieA?.value).not.toBe(cookieB?.value);
      });
    });
  });
}
