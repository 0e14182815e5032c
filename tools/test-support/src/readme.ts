/**
 * Runs every ```ts example of a package's README as a test, so the documentation cannot rot: each
 * example must typecheck against the package's sources, run, and print exactly the lines its
 * `// → …` comments promise.
 * @example readmeExamples(new URL("../README.md", import.meta.url));
 * @example readmeExamples(new URL("../../../README.md", import.meta.url), { packageUrl: new URL("..", import.meta.url) });
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { examples, expectedOutput, formatLog, outputLines } from "./examples.js";

export function readmeExamples(readmeUrl: URL, options: { packageUrl?: URL } = {}): void {
  const readmePath = fileURLToPath(readmeUrl);
  // A README outside the package (the repository's own) is run from the package given.
  const packageDir =
    options.packageUrl === undefined
      ? dirname(readmePath)
      : fileURLToPath(options.packageUrl).replace(/\/$/, "");
  const blocks = examples(readFileSync(readmePath, "utf8"));
  // The examples import the package by name, so they are written inside the package (its test/).
  // (Another README's examples get a folder of their own: test files run side by side.)
  const dir = join(
    packageDir,
    "test",
    options.packageUrl === undefined ? ".readme-examples" : ".readme-examples-outside",
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((b, i) => {
    const file = join(dir, `example-${i + 1}.ts`);
    writeFileSync(file, `${b.code}\nexport {};\n`);
    return file;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe("README examples", () => {
    it("has examples, each promising what it prints (// → …)", () => {
      expect(blocks.length).toBeGreaterThan(0);
      for (const b of blocks)
        expect(expectedOutput(b.code), `example at README line ${b.line}`).not.toEqual([]);
    });

    it("typecheck", { timeout: 60_000 }, () => {
      expect(typecheck(packageDir, files)).toEqual([]);
    });

    blocks.forEach((b, i) => {
      it(`example ${i + 1} (README line ${b.line}) prints what it says`, async () => {
        const printed: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => printed.push(formatLog(args));
        try {
          await import(files[i] as string);
        } finally {
          console.log = log;
        }
        expect(outputLines(printed.join("\n"))).toEqual(expectedOutput(b.code));
      });
    });
  });
}

/** The type errors of `files`, compiled with the package's tsconfig (one line each). */
function typecheck(packageDir: string, files: string[]): string[] {
  const configPath = join(packageDir, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: files, options: parsed.options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.slice(packageDir.length + 1)}:${line + 1}: ${text}`;
  });
}
