import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { CookieClient } from "../helpers/client.js";
import { serve } from "../helpers/server.js";
import { serviceUrl } from "../servers/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Starts an example as users do (`node examples/…/server.mjs`) on a free port. */
async function startExample(script: string, env: Record<string, string>): Promise<string> {
  expect(existsSync(`${root}dist/index.js`), "run `npm run build` first").toBe(true);
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: "0" },
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

const redisUrl = serviceUrl("redis");
const EXAMPLES: [name: string, script: string, env: Record<string, string>][] = [
  ["http", "examples/http/server.mjs", {}],
  ["express", "examples/express/server.mjs", {}],
  ["micro", "examples/micro/serve.cjs", {}],
];
// Left out without a Redis server, as the store suites are (the global setup says why).
if (redisUrl !== undefined) {
  EXAMPLES.push(["redis-store", "examples/redis-store/server.mjs", { REDIS_URL: redisUrl }]);
}

describe.each(EXAMPLES)("the %s example", (_, script, env) => {
  it("counts visits, logs in and forgets everything on logout", async () => {
    const client = new CookieClient(await startExample(script, env));
    for (const n of [1, 2, 3]) {
      expect((await client.request("/")).body).toContain(`<strong id="views">${n}</strong>`);
    }
    expect(JSON.parse((await client.request("/api/views")).body)).toEqual({ views: 4 });

    const idBeforeLogin = client.jar.get("sid");
    const login = await client.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ada",
    });
    expect(login.status).toBe(302);
    // regenerate() at login: the session goes on under a new id.
    expect(client.jar.get("sid")).toBeTruthy();
    expect(client.jar.get("sid")).not.toBe(idBeforeLogin);
    const afterLogin = (await client.request("/")).body;
    expect(afterLogin).toContain('<strong id="user">Ada</strong>');
    expect(afterLogin).toContain('<strong id="views">5</strong>');

    const logout = await client.request("/api/logout", { method: "POST" });
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe("/goodbye");
    expect(client.jar.size).toBe(0);
    const fresh = (await client.request("/")).body;
    expect(fresh).toContain('<strong id="views">1</strong>');
    expect(fresh).not.toContain('id="user"');
  });

  it("refuses a login without a usable name", async () => {
    const client = new CookieClient(await startExample(script, env));
    const response = await client.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=%20",
    });
    expect(response.status).toBe(400);
    expect(client.jar.size).toBe(0);
  });
});

describe.each([
  ["http", "examples/http/server.mjs", "next-session demo"],
  ["express", "examples/express/server.mjs", "next-session Express example"],
  ["micro", "examples/micro/serve.cjs", "micro-style example"],
])("the %s example on a port that is taken", (_, script, label) => {
  it("says so in one line and exits with 1", async () => {
    const { port } = new URL((await serve(() => undefined)).url);
    const child = spawn(process.execPath, [script], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
    });
    onTestFinished(() => {
      child.kill();
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${label}: port ${port} on 127.0.0.1 is already in use. Stop what uses it, or set PORT to another port (for example PORT=3001).\n`,
    );
  });
});
