/**
 * The README's code samples must at least be valid code: each ```js / ```ts block is
 * parsed (as TSX, so JSX and types are allowed) and any syntax error fails the test.
 * (4.0.5's README shipped a sample with a missing parenthesis.)
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```(js|ts|tsx)\n([\s\S]*?)```/g)].map((match, index) => ({
  name: `block ${index + 1} (${match[1]}): ${match[2]?.split("\n")[0]}`,
  code: match[2] ?? "",
}));

describe("README code samples", () => {
  it("has samples to check", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(blocks)("$name parses", ({ code }) => {
    const output = ts.transpileModule(code, {
      fileName: "sample.tsx",
      reportDiagnostics: true,
      compilerOptions: {
        jsx: ts.JsxEmit.Preserve,
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
      },
    });
    const messages = (output.diagnostics ?? []).map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    );
    expect(messages).toEqual([]);
  });
});
