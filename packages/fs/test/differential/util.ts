/**
 * What the TypeScript twins of the aiofiles programs share: a scratch working directory (the
 * Python side does `os.chdir(tempfile.mkdtemp())`), and Python's names for the errors whose
 * JavaScript class differs by design (DESIGN: ValueError is a RangeError).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `body` with a fresh temporary directory as the working directory, then removes it. */
export async function inTempDir(body: () => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "aio-fs-diff-"));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await body();
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Python's name for an error's class: `ValueError` for a RangeError. */
export function pyName(err: unknown): string {
  const name = (err as Error).name;
  if (name === "RangeError") return "ValueError";
  return name;
}
