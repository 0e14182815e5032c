/**
 * Finds the CPython that the differential suite compares against: 3.12 is the reference (the
 * asyncio whose behaviour and messages aio reproduces). `AIO_PYTHON` overrides; pyenv's 3.12 is preferred; then `python3.12`; then
 * `python3` of any version 3.11+, with the cases whose behaviour changed in 3.12 skipped.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Python {
  path: string;
  version: [number, number];
}

function probe(path: string, modules: readonly string[] = []): Python | null {
  try {
    const imports = modules.map((m) => `import ${m}; `).join("");
    const out = execFileSync(
      path,
      ["-c", `${imports}import sys; print(sys.version_info[0], sys.version_info[1])`],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const [maj, min] = out.trim().split(" ").map(Number);
    return { path, version: [maj as number, min as number] };
  } catch {
    return null;
  }
}

/**
 * What a directory of cases needs of Python, from its `python.json`: modules to import (aiofiles,
 * aiohttp), which Debian's `/usr/bin/python3` has once `scripts/system-deps.mjs` installed them.
 */
export interface PythonNeeds {
  modules: string[];
  /** Why these cases cannot run on the asyncio reference alone. */
  why?: string;
  /**
   * A module (relative to the cases directory) exporting `start(): Promise<{ url, close() }>`: a
   * local server both sides of every case talk to, its URL in `AIO_FIXTURE_URL`.
   */
  fixture?: string;
}

/** A running fixture server. */
export interface Fixture {
  url: string;
  close(): Promise<void>;
}

/** Starts the fixture `needs` names (if any) and sets `AIO_FIXTURE_URL`; returns it (or null). */
export async function startFixture(dir: string, needs: PythonNeeds | null): Promise<Fixture | null> {
  if (needs?.fixture === undefined) return null;
  const mod = (await import(join(dir, needs.fixture))) as { start(): Promise<Fixture> };
  const fixture = await mod.start();
  process.env.AIO_FIXTURE_URL = fixture.url;
  return fixture;
}

/** The needs declared in `dir/python.json`, or null (plain asyncio: CPython 3.12). */
export function pythonNeeds(dir: string): PythonNeeds | null {
  const file = join(dir, "python.json");
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as PythonNeeds;
}

/** A CPython 3.11+ that imports every one of `modules`: `AIO_PYTHON`, pyenv's 3.12, `python3`, `/usr/bin/python3`. */
export function findPythonWith(modules: readonly string[]): Python | null {
  const candidates = [process.env.AIO_PYTHON, ...pyenv312(), "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  for (const c of candidates) {
    const p = probe(c, modules);
    if (p && (p.version[0] > 3 || (p.version[0] === 3 && p.version[1] >= 11))) return p;
  }
  return null;
}

function pyenv312(): string[] {
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), ".pyenv"), "versions");
  if (!existsSync(pyenv)) return [];
  return readdirSync(pyenv)
    .filter((d) => d.startsWith("3.12"))
    .sort()
    .reverse()
    .map((v) => join(pyenv, v, "bin", "python3"));
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
