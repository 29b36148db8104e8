/**
 * The README's Next.js code is pasted, as written, into test/e2e/fresh-app (an app made by
 * create-next-app), which the e2e suite runs in `next dev` and `next start`. This keeps the
 * two identical, so that what the e2e suite proves is what the README says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```(?:js|ts|tsx)\n([\s\S]*?)```/g)].map(
  (match) => match[1] ?? "",
);

/** The README's files for a Next.js app, each a block whose first line names it. */
const APP_FILES = [
  "lib/session.ts",
  "pages/api/views.ts",
  "pages/views.tsx",
  "app/login/page.tsx",
  "app/actions.ts",
  "app/account/page.tsx",
  "proxy.ts",
  "app/api/counter/route.ts",
];

describe("the README's Next.js code and test/e2e/fresh-app", () => {
  it.each(APP_FILES)("%s is the README's block, as written", (path) => {
    // "// path" alone or followed by ":" or " (": a block shown as a variant ("// path, with …") is not the file.
    const named = blocks.filter((code) => new RegExp(`^// ${path}(\\n|:| \\()`).test(code));
    expect(named).toHaveLength(1);
    const file = readFileSync(new URL(`../e2e/fresh-app/${path}`, import.meta.url), "utf8");
    expect(file).toBe(named[0]);
  });
});
