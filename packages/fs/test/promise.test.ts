/** Files from Promise code: `await open()`, `await using`, `for await`, `toPromise(f.read())`. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { toPromise } from "@aio/task";
import { describe, expect, it } from "vitest";
import { FileNotFoundError, open, type TextFile } from "../src/index.js";
import { scratch } from "./helpers.js";

describe("files in Promise code", () => {
  it("await open(), for await over lines, await using closes", async () => {
    const path = join(scratch(), "p.txt");
    writeFileSync(path, "one\r\ntwo\nthree");
    const lines: string[] = [];
    let closedAfter: boolean | undefined;
    let file: TextFile | undefined;
    {
      await using f = await open(path);
      for await (const line of f) lines.push(line);
      closedAfter = f.closed;
      expect(await toPromise(f.tell())).toBe(14);
      file = f;
    }
    expect(lines).toEqual(["one\n", "two\n", "three"]);
    expect(closedAfter).toBe(false);
    expect(file?.closed).toBe(true);
  });

  it("await on a coroutine method fails loudly with the fix", async () => {
    const path = join(scratch(), "a.txt");
    writeFileSync(path, "x");
    const f = await open(path);
    await expect(async () => await (f.read() as unknown as Promise<string>)).rejects.toThrow(
      "read() was awaited with await, which does not run it: inside a coroutine write yield* read(…); from async code, await toPromise(read(…))",
    );
    expect(await toPromise(f.read())).toBe("x");
    await toPromise(f.close());
  });

  it("errors reject the Promise", async () => {
    const missing = join(scratch(), "missing.txt");
    await expect(open(missing)).rejects.toThrow(new FileNotFoundError(2, undefined, missing));
    await expect(open(missing)).rejects.toBeInstanceOf(FileNotFoundError);
  });
});
