// Docker's attach/logs/exec output: multiplexed frames (8-byte header: stream, 0, 0, 0, size)
// unless the container or exec has a TTY, in which case it is one raw stream.
import type { OutputLine } from "../engine.ts";

/** Splits raw or multiplexed chunks into text per stream and into lines (CR stripped). */
export class OutputDemuxer {
  readonly text = { stdout: "", stderr: "" };
  private pending = Buffer.alloc(0);
  private readonly partial = { stdout: "", stderr: "" };
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(
    private readonly tty: boolean,
    private readonly onLine?: OutputLine,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.tty) return this.emit("stdout", chunk);
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      // 1 = stdout, 2 = stderr (0 = stdin, never sent back)
      this.emit(this.pending[0] === 2 ? "stderr" : "stdout", this.pending.subarray(8, 8 + size));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  /** Flushes a last unterminated line of each stream. */
  end(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      const flushed = this.decoders[stream].decode();
      this.text[stream] += flushed;
      const rest = this.partial[stream] + flushed;
      this.partial[stream] = "";
      if (rest) this.onLine?.(rest.replace(/\r$/, ""), stream);
    }
  }

  private emit(stream: "stdout" | "stderr", bytes: Uint8Array): void {
    const text = this.decoders[stream].decode(bytes, { stream: true });
    this.text[stream] += text;
    const lines = (this.partial[stream] + text).split("\n");
    this.partial[stream] = lines.pop() ?? "";
    for (const line of lines) this.onLine?.(line.replace(/\r$/, ""), stream);
  }
}

/** Feeds a whole body (non-follow logs) or a stream (follow, exec) through a demuxer until it ends. */
export function drain(source: NodeJS.ReadableStream | Uint8Array | string, demuxer: OutputDemuxer): Promise<void> {
  if (typeof source === "string") source = Buffer.from(source, "utf8");
  if (source instanceof Uint8Array) {
    demuxer.push(source);
    demuxer.end();
    return Promise.resolve();
  }
  const stream = source;
  return new Promise((resolve, reject) => {
    stream.on("data", (chunk: Uint8Array | string) => demuxer.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      demuxer.end();
      resolve();
    };
    stream.on("error", reject);
    stream.on("end", finish);
    stream.on("close", finish);
  });
}
