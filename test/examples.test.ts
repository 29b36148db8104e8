import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { CookieClient } from "./helpers/client.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Starts an example as users do (`node examples/…/server.mjs`) on a free port. */
async function startExample(script: string): Promise<string> {
  expect(existsSync(`${root}dist/index.js`), "run `npm run build` first").toBe(true);
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, PORT: "0" },
  });
  onTestFinished(() => {
    child.kill();
  });
  let output = "";
  child.stdout.setEncoding("utf8");
  while (!/http:\/\/\S+/.test(output)) {
    const [chunk] = await Promise.race([
      once(child.stdout, "data"),
      once(child, "exit").then(() => {
        throw new Error(`${script} exited: ${output}`);
      }),
    ]);
    output += chunk;
  }
  return (output.match(/http:\/\/\S+?(?=\/?\s)/) ?? [""])[0];
}

describe.each([
  ["http", "examples/http/server.mjs", "GET /logout"],
  ["express", "examples/express/server.mjs", "POST /logout"],
])("the %s example", (_, script, logout) => {
  it("counts visits and forgets them on logout", async () => {
    const client = new CookieClient(await startExample(script));
    for (const n of [1, 2, 3]) {
      expect((await client.request("/")).body).toContain(`visited this website ${n} time(s)`);
    }
    const [method = "GET", path] = logout.split(" ");
    const response = await client.request(path, { method });
    expect(response.status).toBe(302);
    expect(client.jar.size).toBe(0);
    expect((await client.request("/")).body).toContain("visited this website 1 time(s)");
  });
});
