/**
 * The bytes a stream has received and not yet handed out: Python's `bytearray` as StreamReader uses
 * it (append at the end, delete from the front, search). `buf[start, end)` are the bytes, in order;
 * the space before `start` is reused once it is half the buffer, so both ends are amortised O(1).
 */
export class ByteBuffer {
  private buf: Buffer = Buffer.allocUnsafe(0);
  private start = 0;
  private end = 0;

  /** How many bytes are held. */
  get length(): number {
    return this.end - this.start;
  }

  /** Appends `data`. */
  push(data: Uint8Array): void {
    const n = data.length;
    if (this.end + n > this.buf.length) this.makeRoom(n);
    this.buf.set(data, this.end);
    this.end += n;
  }

  private makeRoom(n: number): void {
    const held = this.end - this.start;
    if (held + n <= this.buf.length && this.start >= this.buf.length >>> 1) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const bigger = Buffer.allocUnsafe(Math.max(held + n, this.buf.length * 2, 1024));
      this.buf.copy(bigger, 0, this.start, this.end);
      this.buf = bigger;
    }
    this.start = 0;
    this.end = held;
  }

  /** Takes the first `n` bytes (all of them if fewer are held), as a Buffer of their own. */
  take(n: number): Buffer {
    const k = Math.min(n, this.end - this.start);
    const out = Buffer.allocUnsafe(k);
    this.buf.copy(out, 0, this.start, this.start + k);
    this.start += k;
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }

  /** Drops the first `n` bytes. */
  skip(n: number): void {
    this.start = Math.min(this.end, this.start + n);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** A copy of the bytes held. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(this.start, this.end));
  }

  /** Drops everything. */
  clear(): void {
    this.start = this.end = 0;
  }

  /** Where `needle` first occurs at or after `offset` (relative to the first byte held), or -1. */
  indexOf(needle: Uint8Array, offset: number): number {
    const at = this.buf.subarray(this.start, this.end).indexOf(needle, offset);
    return at;
  }

  /** Whether the bytes held from `offset` begin with `prefix`. */
  startsWith(prefix: Uint8Array, offset: number): boolean {
    if (this.length - offset < prefix.length) return false;
    return this.buf.subarray(this.start + offset, this.start + offset + prefix.length).equals(prefix);
  }
}
