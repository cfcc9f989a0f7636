import { closeSync, openSync, readSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdtempSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The input of one trigger run, shared the way plugn shares its stdin: one open file that every
 * implementation reads from the current offset. The first reader consumes it and later ones see
 * what is left (usually nothing), so the `docker-args-*` convention of "read stdin, print it plus
 * my flags" yields each fragment once instead of the input once per plugin.
 */
export class SharedStdin implements Disposable {
  private constructor(
    readonly fd: number,
    private readonly owned = true,
  ) {}

  /**
   * Shares an fd we do not own (plugn's own stdin, fd 0): implementations read it as they would
   * read plugn's stdin; nothing is read ahead, and disposing leaves it open.
   */
  static inherit(fd: number): SharedStdin {
    return new SharedStdin(fd, false);
  }

  /** Opens a shared input for `text`; the backing file is unlinked at once, only the fd remains. */
  static open(text: string): SharedStdin {
    const dir = mkdtempSync(join(tmpdir(), "dokku-trigger-stdin-"));
    const file = join(dir, "stdin");
    writeFileSync(file, text, { mode: 0o600 });
    const fd = openSync(file, "r");
    unlinkSync(file);
    rmdirSync(dir);
    return new SharedStdin(fd);
  }

  /** Reads (and so consumes) everything left, as `STDIN=$(cat)` in a bash trigger does. */
  readRest(): string {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "EOF") break;
        if (code !== "EAGAIN") throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // a non-blocking fd with nothing yet
        continue;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  [Symbol.dispose](): void {
    if (this.owned) closeSync(this.fd);
  }
}
