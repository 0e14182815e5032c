/**
 * The bytes a stream has received and not yet handed out: Python's `bytearray` as StreamReader uses
 * it (append at the end, delete from the front, search). `buf[start, end)` are the bytes, in order;
 * the space before `start` is reused once it is half the buffer, so both ends are amortised O(1).
 *
 * A chunk given with `pushOwned` (a Buffer nobody else writes to: what a socket delivered) is held
 * as it is while it is all there is, and handed out as a view of itself: a reader that takes what
 * each chunk brings copies nothing. Anything else copies it into `buf` first.
 */
export class ByteBuffer {
  private buf: Buffer = Buffer.allocUnsafe(0);
  private start = 0;
  private end = 0;
  /** An owned chunk held as it is (then `buf` holds nothing), from `ownedStart` on. */
  private owned: Buffer | null = null;
  private ownedStart = 0;

  /** How many bytes are held. */
  get length(): number {
    return this.owned !== null ? this.owned.length - this.ownedStart : this.end - this.start;
  }

  /** Appends a copy of `data`. */
  push(data: Uint8Array): void {
    if (this.owned !== null) this.unown();
    const n = data.length;
    if (this.end + n > this.buf.length) this.makeRoom(n);
    this.buf.set(data, this.end);
    this.end += n;
  }

  /** Appends `data`, which nobody will write to again: held without a copy while it is alone. */
  pushOwned(data: Buffer): void {
    if (this.owned === null && this.start === this.end) {
      this.owned = data;
      this.ownedStart = 0;
    } else {
      this.push(data);
    }
  }

  /** Copies the owned chunk into `buf` (something is appended to it). */
  private unown(): void {
    const rest = (this.owned as Buffer).subarray(this.ownedStart);
    this.owned = null;
    this.start = this.end = 0;
    this.push(rest);
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

  /** The bytes held, as one view (valid until the next change). */
  private view(): Buffer {
    return this.owned !== null
      ? this.owned.subarray(this.ownedStart)
      : this.buf.subarray(this.start, this.end);
  }

  /** Takes the first `n` bytes (all of them if fewer are held), as a Buffer of their own. */
  take(n: number): Buffer {
    const owned = this.owned;
    if (owned !== null) {
      const from = this.ownedStart;
      const to = Math.min(owned.length, from + n);
      if (to === owned.length) this.owned = null;
      else this.ownedStart = to;
      return from === 0 && to === owned.length ? owned : owned.subarray(from, to);
    }
    const k = Math.min(n, this.end - this.start);
    const out = Buffer.allocUnsafe(k);
    this.buf.copy(out, 0, this.start, this.start + k);
    this.start += k;
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }

  /** Drops the first `n` bytes. */
  skip(n: number): void {
    if (this.owned !== null) {
      this.ownedStart = Math.min(this.owned.length, this.ownedStart + n);
      if (this.ownedStart === this.owned.length) this.owned = null;
      return;
    }
    this.start = Math.min(this.end, this.start + n);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** A copy of the bytes held. */
  toBuffer(): Buffer {
    return Buffer.from(this.view());
  }

  /** Drops everything. */
  clear(): void {
    this.owned = null;
    this.start = this.end = 0;
  }

  /** Where `needle` first occurs at or after `offset` (relative to the first byte held), or -1. */
  indexOf(needle: Uint8Array, offset: number): number {
    return this.view().indexOf(needle, offset);
  }

  /** Whether the bytes held from `offset` begin with `prefix`. */
  startsWith(prefix: Uint8Array, offset: number): boolean {
    if (this.length - offset < prefix.length) return false;
    const at = this.owned !== null ? this.ownedStart : this.start;
    const bytes = this.owned ?? this.buf;
    return bytes.subarray(at + offset, at + offset + prefix.length).equals(prefix);
  }
}
