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
  private constructor(readonly fd: number) {}

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
      const n = readSync(this.fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  [Symbol.dispose](): void {
    closeSync(this.fd);
  }
}
