/** The table printed at the end: one row per URL, then the totals. */
import type { FetchResult } from "./fetch-many.js";

/** `1.5 KiB`, `20 B`, `3.2 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The summary of `results`: status, size, time, attempts, and where each went (or why not). */
export function summary(results: FetchResult[]): string {
  const header = ["STATUS", "SIZE", "TIME", "TRIES", "URL", "RESULT"];
  const rows = results.map((r) => [
    r.status === null ? "-" : String(r.status),
    r.error === null ? formatBytes(r.bytes) : "-",
    `${r.seconds.toFixed(2)} s`,
    String(r.attempts),
    r.url,
    r.error === null ? r.file : `failed: ${r.error}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const right = new Set([1, 2, 3]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1
          ? c
          : right.has(i)
            ? c.padStart(widths[i] as number)
            : c.padEnd(widths[i] as number),
      )
      .join("  ")
      .trimEnd();
  const saved = results.filter((r) => r.error === null);
  const bytes = saved.reduce((sum, r) => sum + r.bytes, 0);
  return [
    line(header),
    ...rows.map(line),
    `${saved.length} saved (${formatBytes(bytes)}), ${results.length - saved.length} failed`,
    "",
  ].join("\n");
}
