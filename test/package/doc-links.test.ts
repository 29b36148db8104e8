/**
 * Every link in the repository's documentation leads somewhere: a relative link names a file
 * or folder that exists, and its `#anchor` a heading of that file (as GitHub makes anchors).
 * The documents the package ships (package.json `files`) are read on the npm page and in
 * node_modules too, so they link to shipped documents only by relative links, and to the rest
 * of the repository (examples, sources, CONTRIBUTING.md) by absolute links into `repository`,
 * which are checked the same way.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  files: string[];
  repository: { url: string };
};
/** `git+https://github.com/owner/name.git` → `https://github.com/owner/name/`. */
const repository = `${pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "")}/`;

function markdownIn(folder: string): string[] {
  const path = join(root, folder);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((name) => name.endsWith(".md"))
    .map((name) => `${folder}/${name}`);
}

const examples = readdirSync(join(root, "examples")).flatMap((name) =>
  markdownIn(`examples/${name}`),
);
const DOCUMENTS = [
  "README.md",
  "CONTRIBUTING.md",
  "SECURITY.md",
  "CHANGELOG.md",
  ...markdownIn("docs"),
  "bench/README.md",
  ...examples,
];

function isShipped(path: string): boolean {
  return pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));
}

/** The text outside fenced code blocks, whose `#` lines are not headings and `](` not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The anchors GitHub gives a document's headings: github-slugger's rules. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading = ""] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** The targets of a document's inline links and link reference definitions. */
function linksOf(markdown: string): string[] {
  // Code spans can hold "](" too; the backticks of a link's text do not matter here.
  const text = prose(markdown).replace(/`[^`\n]*`/g, "``");
  const inline = [...text.matchAll(/\]\(<?([^)\s>]+)>?(?: "[^"]*")?\)/g)];
  const definitions = [...text.matchAll(/^\s*\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)];
  return [...inline, ...definitions].map((match) => match[1] ?? "");
}

interface Link {
  document: string;
  target: string;
}

const links: Link[] = DOCUMENTS.flatMap((document) =>
  linksOf(readFileSync(join(root, document), "utf8")).map((target) => ({ document, target })),
);

/**
 * What a link points at in this checkout, as a path from the root and an anchor, or undefined
 * for a link out of the repository.
 */
function resolveLink({ document, target }: Link): { path: string; anchor: string } | undefined {
  const [address = "", anchor = ""] = target.split("#");
  if (target.startsWith(repository)) {
    const path = address.slice(repository.length).replace(/^(blob|tree)\/HEAD\/?/, "");
    return { path: path.replace(/\/$/, ""), anchor };
  }
  if (/^[a-z][a-z+.-]*:/i.test(target)) return undefined;
  const from =
    address === "" ? join(root, document) : resolve(dirname(join(root, document)), address);
  return { path: relative(root, from), anchor };
}

function problemWith(link: Link): string | undefined {
  const resolved = resolveLink(link);
  if (resolved === undefined) return undefined;
  const { path, anchor } = resolved;
  const where = join(root, path);
  if (path.startsWith("..") || !existsSync(where)) return `${path} does not exist`;
  if (anchor !== "") {
    if (!path.endsWith(".md") || statSync(where).isDirectory())
      return `#${anchor} is not in a document`;
    if (!anchorsOf(readFileSync(where, "utf8")).has(anchor))
      return `${path} has no heading #${anchor}`;
  }
  if (isShipped(link.document) && link.target.startsWith(repository) === isShipped(path)) {
    return isShipped(path)
      ? "is shipped in the package: link to it relatively"
      : "is not shipped in the package: link to it in the repository, " +
          `${repository}${statSync(where).isDirectory() ? "tree" : "blob"}/HEAD/${path}`;
  }
  if (
    link.target.startsWith(repository) &&
    !/^(blob|tree)\/HEAD\//.test(link.target.slice(repository.length))
  ) {
    return "links into the repository without blob/HEAD/ or tree/HEAD/";
  }
  return undefined;
}

describe("documentation links", () => {
  it("finds the documents and their links", () => {
    expect(DOCUMENTS.length).toBeGreaterThan(8);
    expect(links.filter(({ document }) => document === "README.md").length).toBeGreaterThan(20);
  });

  it("reads anchors as GitHub makes them", () => {
    const anchors = anchorsOf(
      "# Cookie name prefixes: `__Host-`\n## Express / Connect stores\n## Usage\n```sh\n# not one\n```\n## Usage\n",
    );
    expect([...anchors]).toEqual([
      "cookie-name-prefixes-__host-",
      "express--connect-stores",
      "usage",
      "usage-1",
    ]);
  });

  it.each(DOCUMENTS)("every link in %s leads somewhere", (document) => {
    const broken = links
      .filter((link) => link.document === document)
      .flatMap((link) => {
        const problem = problemWith(link);
        return problem === undefined ? [] : [`${link.target}: ${problem}`];
      });
    expect(broken).toEqual([]);
  });
});
