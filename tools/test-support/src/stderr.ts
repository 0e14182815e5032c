/** Captures what is written to stderr while `fn` runs (the loop's default diagnostics go there). */
export async function captureStderr(fn: () => Promise<void> | void): Promise<string> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join("");
}
