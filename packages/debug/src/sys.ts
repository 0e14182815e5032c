/**
 * Python's `sys.stdout`/`sys.stderr`: where logging's default handlers, `lastResort` and warnings
 * write. Replace them (a test, a program capturing its output) and everything that looks them up
 * at write time follows, as in Python.
 */

/** Anything with `write(text)`: a Node stream, a file handle wrapper, a test buffer. */
export interface TextStream {
  write(text: string): unknown;
  /** Called after each record by StreamHandler when present. */
  flush?(): unknown;
}

/** The process's standard streams, replaceable. Python: `sys.stdout`, `sys.stderr`. */
export const sys: { stdout: TextStream; stderr: TextStream } = {
  stdout: process.stdout,
  stderr: process.stderr,
};

/**
 * A stream that keeps what is written, for tests and for programs that show their logs
 * themselves. Python: `io.StringIO`.
 */
export class StringStream implements TextStream {
  private parts: string[] = [];

  /** Appends `text`. */
  write(text: string): number {
    this.parts.push(String(text));
    return text.length;
  }

  /** Everything written so far. Python: `getvalue()`. */
  getValue(): string {
    const all = this.parts.join("");
    this.parts = [all];
    return all;
  }

  /** Forgets what was written. */
  clear(): void {
    this.parts = [];
  }
}
