import { existsSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What edge runtimes (Next.js's edge runtime, Cloudflare-style workers) load must import
 * no Node built-in, so that `getSession(request, headers)` works there. Checked on the built
 * files, following every import into our dependencies, with the export conditions such
 * runtimes resolve.
 */
const root = resolve(import.meta.dirname, "../..");
const EDGE_CONDITIONS = ["edge-light", "worker", "browser", "import", "default"];
const builtins = new Set(builtinModules);

function specifiers(source: string): string[] {
  const found = source.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g,
  );
  return [...found].map((match) => match[1] as string);
}

function pick(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (typeof target !== "object" || target === null) return undefined;
  for (const condition of EDGE_CONDITIONS) {
    const chosen = pick((target as Record<string, unknown>)[condition]);
    if (chosen !== undefined) return chosen;
  }
  return undefined;
}

/** The file a bare specifier resolves to under the edge conditions. */
function resolvePackage(specifier: string, from: string): string {
  const require = createRequire(from);
  const manifestPath = require.resolve(`${specifier}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, unknown>;
    main?: string;
  };
  const entry = pick(manifest.exports?.["."]) ?? manifest.main ?? "index.js";
  return join(dirname(manifestPath), entry);
}

function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const imports = specifiers(readFileSync(file, "utf8"));
    graph.set(file, imports);
    for (const specifier of imports) {
      if (specifier.startsWith("node:") || builtins.has(specifier)) continue;
      pending.push(
        specifier.startsWith(".")
          ? resolve(dirname(file), specifier)
          : resolvePackage(specifier, file),
      );
    }
  }
  return graph;
}

function builtinImports(entry: string): string[] {
  return [...importGraph(entry)].flatMap(([file, imports]) =>
    imports
      .filter((specifier) => specifier.startsWith("node:") || builtins.has(specifier))
      .map((specifier) => `${file.replace(`${root}/`, "")} imports ${specifier}`),
  );
}

describe("the entry point that edge runtimes load", () => {
  const entry = join(root, "dist/edge.js");

  it.each(["edge-light", "workerd", "worker"])("is what the %s condition selects", (condition) => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      exports: Record<string, Record<string, { default: string }>>;
    };
    const dot = manifest.exports["."] ?? {};
    expect(Object.keys(dot).indexOf(condition)).toBeLessThan(Object.keys(dot).indexOf("import"));
    expect(dot[condition]?.default).toBe("./dist/edge.js");
  });

  it("has been built", () => {
    expect(existsSync(entry), "run `npm run build` first (npm test does)").toBe(true);
  });

  it.runIf(existsSync(entry))("imports no Node built-in, directly or through a dependency", () => {
    expect(builtinImports(entry)).toEqual([]);
  });

  it.runIf(existsSync(entry))("finds what it looks for (the check above can fail)", () => {
    const graph = importGraph(entry);
    expect([...graph.keys()]).toContainEqual(expect.stringContaining("node_modules/nanoid"));
    // The Node.js entry point signs with node:crypto: the reason for a second entry point.
    expect(builtinImports(join(root, "dist/index.js"))).toContainEqual(
      expect.stringMatching(/imports (node:)?crypto$/),
    );
  });
});
