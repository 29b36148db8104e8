/**
 * The code samples of the README and of docs/*.md type-check against the built package, as a
 * user's editor would check them: each ```js / ```ts / ```tsx block is a module of one program
 * (JS blocks with `checkJs`), `next-session` resolves through the package's own `exports` to
 * `dist/`, and a sample that imports another one by its path (`lib/session`) gets that sample.
 * Only the placeholders below are given types; anything else a sample names must exist, so a
 * renamed API or a wrong option fails here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const samples = join(root, "readme-samples");
const DOCUMENTS = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/**
 * What the samples name without defining it: the reader's own code (`req`, `res`, a store,
 * a logger) and Next.js's modules, which this repository does not install.
 */
const PLACEHOLDERS = `
import type { IncomingMessage, ServerResponse } from "node:http";
import type * as api from "next-session";
declare global {
  const req: IncomingMessage;
  const res: ServerResponse;
  const nextSession: api.NextSession;
  const getSession: api.GetSession;
  const session: api.Session;
  const MemoryStore: typeof api.MemoryStore;
  const store: api.MemoryStore;
  const realStore: api.SessionStore;
  const MyStore: new () => api.SessionStore;
  const client: any;
  const logger: { error(fields: object, message: string): void };
  function findUserByPassword(req: IncomingMessage): Promise<{ id: string } | undefined>;
  function checkPassword(form: FormData): Promise<{ id: string } | undefined>;
  namespace JSX {
    type Element = object;
    type ElementType = string | ((props: any) => unknown);
    interface IntrinsicElements { [name: string]: object }
    interface ElementChildrenAttribute { children: unknown }
  }
  // What getSession(req, res) puts on an Express request, declared as a TypeScript app would.
  namespace Express {
    interface Request { session: api.Session }
  }
}
`;

/** Next.js's and React's modules, as far as the samples use them. */
const MODULE_PLACEHOLDERS = `
declare module "next" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export interface NextApiRequest extends IncomingMessage {}
  export interface NextApiResponse extends ServerResponse {
    json(body: unknown): void;
  }
  export type GetServerSideProps<P> = (context: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<{ props: P }>;
}
declare module "react" {
  export function Suspense(props: { fallback: unknown; children?: unknown }): object;
}
declare module "next/headers" {
  export function cookies(): Promise<import("next-session").SessionCookieStore>;
  export function headers(): Promise<Headers>;
}
declare module "next/navigation" {
  export function redirect(url: string): never;
}
declare module "next/server" {
  export class NextRequest extends Request {}
  export class NextResponse extends Response {
    static redirect(url: URL): NextResponse;
    static next(): NextResponse;
  }
}
`;

/**
 * Modules the samples import by a path of the reader's app, and the first line of the sample
 * that is that module: in the same document, the closest such sample before the one that
 * imports it (a section may show its own version of a module), else the first one after it;
 * in a document that has none, the README's last (the version its last section builds).
 */
const LOCAL_MODULES: Record<string, string> = {
  "lib/session": "// lib/session.ts",
  actions: "// app/actions.ts",
};

/**
 * Errors a sample shows on purpose: an elided body, or a version of a dependency other than
 * the one installed here. Each entry: a line of the sample, and the error code it may raise.
 */
const EXPECTED_ERRORS: { line: string; code: number; why: string }[] = [
  { line: "class CustomStore implements SessionStore {", code: 2420, why: "its body is /* … */" },
  {
    line: 'import RedisStoreFactory from "connect-redis"; // connect-redis 6',
    code: 1192,
    why: "connect-redis 6 is installed here as connect-redis-6",
  },
];

interface Sample {
  document: string;
  name: string;
  file: string;
  code: string;
}

const blocks: Sample[] = DOCUMENTS.flatMap((document) => {
  const markdown = readFileSync(join(root, document), "utf8");
  const prefix = document.replace(/\.md$/, "").replace(/\//g, "-");
  return [...markdown.matchAll(/```(js|ts|tsx)\n([\s\S]*?)```/g)].map((match, index) => {
    const code = match[2] ?? "";
    // JSX is allowed in both: the App Router samples are .tsx files.
    const extension = match[1] === "js" ? "jsx" : "tsx";
    return {
      document,
      name: `${document} block ${index + 1} (${match[1]}): ${code.split("\n")[0]}`,
      file: join(samples, `${prefix}-block-${index + 1}.${extension}`),
      code,
    };
  });
});

function localModule(specifier: string, importer: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const key = specifier.replace(/^(\.\.?\/)+/, "");
  const target = LOCAL_MODULES[key];
  if (target === undefined) return undefined;
  const position = blocks.findIndex((block) => block.file === importer);
  const { document } = blocks[position] as Sample;
  const candidates = blocks.filter((block) => block.code.startsWith(target));
  const own = candidates.filter((block) => block.document === document);
  const closest =
    own.findLast((block) => blocks.indexOf(block) < position) ??
    own[0] ??
    candidates.findLast((block) => block.document === "README.md");
  return closest?.file;
}

function typeCheck(): Map<string, ts.Diagnostic[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    // The JS samples leave handler parameters untyped, as JS apps do.
    noImplicitAny: false,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    jsx: ts.JsxEmit.Preserve,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    typeRoots: [join(root, "node_modules/@types")],
    skipLibCheck: true,
    esModuleInterop: true,
  };
  const virtual = new Map<string, string>([
    [join(samples, "placeholders.d.ts"), PLACEHOLDERS],
    [join(samples, "modules.d.ts"), MODULE_PLACEHOLDERS],
  ]);
  for (const block of blocks) virtual.set(block.file, block.code);
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    if (text === undefined) return getSourceFile(file, language, ...rest);
    return ts.createSourceFile(file, text, language);
  };
  host.resolveModuleNames = (specifiers, containingFile) =>
    specifiers.map((specifier) => {
      const local = localModule(specifier, containingFile);
      if (local !== undefined) {
        const extension = /\.[jt]sx$/.test(local) ? local.slice(-4) : ".ts";
        return { resolvedFileName: local, extension: extension as ts.Extension };
      }
      return ts.resolveModuleName(specifier, containingFile, options, host).resolvedModule;
    });
  const declarations = ["express-session", "connect-pg-simple", "connect-redis-6"].map((name) =>
    join(root, `test/types/${name}.d.ts`),
  );
  const program = ts.createProgram([...virtual.keys(), ...declarations], options, host);
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? "";
    byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
  }
  return byFile;
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const text = diagnostic.file.text.split("\n")[line]?.trim();
  return `line ${line + 1} \`${text}\`: TS${diagnostic.code} ${message}`;
}

function isExpected(diagnostic: ts.Diagnostic): boolean {
  if (diagnostic.file === undefined || diagnostic.start === undefined) return false;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const text = diagnostic.file.text.split("\n")[line]?.trim();
  return EXPECTED_ERRORS.some(
    (expected) => expected.line === text && expected.code === diagnostic.code,
  );
}

describe("README and docs/ code samples", () => {
  it("has samples to check, and the package is built", () => {
    expect(blocks.filter((block) => block.document === "README.md").length).toBeGreaterThan(10);
    expect(new Set(blocks.map((block) => block.document)).size).toBeGreaterThan(2);
    expect(existsSync(join(root, "dist/index.d.ts")), "run `npm run build` first").toBe(true);
  });

  const diagnostics = typeCheck();

  it("checks only what the samples need: nothing else in the program has errors", () => {
    const others = [...diagnostics]
      .filter(([file]) => !blocks.some((block) => block.file === file))
      .flatMap(([file, found]) => found.map((d) => `${file}: ${describeDiagnostic(d)}`));
    expect(others).toEqual([]);
  });

  it.each(blocks)("$name type-checks", ({ file }) => {
    const errors = (diagnostics.get(file) ?? []).filter((d) => !isExpected(d));
    expect(errors.map(describeDiagnostic)).toEqual([]);
  });

  it.each(EXPECTED_ERRORS)("still shows `$line` ($why)", ({ line, code }) => {
    const found = [...diagnostics.values()].flat().filter(isExpected);
    expect(found.map((d) => describeDiagnostic(d))).toContainEqual(
      expect.stringContaining(`\`${line}\`: TS${code}`),
    );
  });
});
