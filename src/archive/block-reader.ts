import { Buffer } from "node:buffer";
import { type DataSink, invalidArchive } from "./entry.ts";

/** Exact-length reads over an async byte stream, holding at most one chunk beyond what is asked. */
export class BlockReader {
  private buffer = Buffer.alloc(0);
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.buffer.length < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffer = this.buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buffer, next.value]);
    }
    return true;
  }

  /**
   * The next 512-byte header block, or `undefined` at the end of the stream. Like GNU tar, a
   * partial block at the very end counts as the end, not as an error.
   */
  async header(): Promise<Buffer | undefined> {
    if (!(await this.fill(512))) return undefined;
    return this.take(512);
  }

  /** Exactly `n` bytes (an extended header's body); a short stream is a truncated archive. */
  async body(n: number): Promise<Buffer> {
    if (!(await this.fill(n))) throw invalidArchive("tar", "truncated archive");
    return this.take(n);
  }

  private take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Hands `n` bytes to the sink (or drops them) one chunk at a time. */
  async pass(n: number, sink: DataSink | undefined): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buffer.length === 0 && !(await this.fill(1))) throw invalidArchive("tar", "truncated archive");
      const chunk = this.take(Math.min(left, this.buffer.length));
      left -= chunk.length;
      await sink?.write(chunk);
    }
  }
}
