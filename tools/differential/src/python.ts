/**
 * Finds the CPython that the differential suite compares against: 3.12 is the reference
 * (DESIGN §8). `AIO_PYTHON` overrides; pyenv's 3.12 is preferred; then `python3.12`; then
 * `python3` of any version 3.11+, with the cases whose behaviour changed in 3.12 skipped.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Python {
  path: string;
  version: [number, number];
}

function probe(path: string): Python | null {
  try {
    const out = execFileSync(path, ["-c", "import sys; print(sys.version_info[0], sys.version_info[1])"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const [maj, min] = out.trim().split(" ").map(Number);
    return { path, version: [maj as number, min as number] };
  } catch {
    return null;
  }
}

export function findPython(): Python | null {
  const candidates: string[] = [];
  if (process.env.AIO_PYTHON) candidates.push(process.env.AIO_PYTHON);
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), ".pyenv"), "versions");
  if (existsSync(pyenv)) {
    for (const v of readdirSync(pyenv)
      .filter((d) => d.startsWith("3.12"))
      .sort()
      .reverse()) {
      candidates.push(join(pyenv, v, "bin", "python3"));
    }
  }
  candidates.push("python3.12", "python3");
  for (const c of candidates) {
    const p = probe(c);
    if (p && (p.version[0] > 3 || (p.version[0] === 3 && p.version[1] >= 11))) return p;
  }
  return null;
}
