import { type FileHandle, open } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { processAlive } from "../../src/core/process.ts";
import type { BuildRecord, DisplayStatus } from "./schema.ts";
import { displayStatus, isLive, logPath, readRecord } from "./store.ts";
import { isTerminal } from "./schema.ts";

export interface FollowOptions {
  /** Receives the log, whole lines at a time (a last unterminated line comes at the end). */
  write(text: string): void;
  /** The runner's pid when the caller knows it: no record and no process means it never started. */
  pid?: number;
  /** How long to wait for a record to appear when the pid is unknown (default 30 s). */
  startTimeoutMs?: number;
  pollMs?: number;
}

export interface FollowResult {
  /** The record as it ended; undefined when the runner never wrote one. */
  record?: BuildRecord;
  status: DisplayStatus | "missing";
}

/**
 * Relays a build's log from the start until its record says it is over: finished (any terminal
 * status), abandoned (running, but the process is gone), or never started. Polls the log and the
 * record; the log is always drained after the end is seen, so nothing written before the final
 * record is lost.
 */
export async function followBuild(ctx: Ctx, app: string, id: string, options: FollowOptions): Promise<FollowResult> {
  const poll = options.pollMs ?? 20;
  const startDeadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const reader = new LogReader(logPath(ctx, app, id), options.write);
  let deadSince: number | undefined;
  try {
    for (;;) {
      await reader.drain();
      const record = await readRecord(ctx, app, id);
      let ended: FollowResult | undefined;
      if (record && isTerminal(record.status)) ended = { record, status: record.status };
      else if (record && !isLive(record)) {
        // The runner is gone without a final record; builds:cancel may be writing it right now.
        deadSince ??= Date.now();
        if (Date.now() - deadSince > 20 * poll) ended = { record, status: displayStatus(record) };
      } else if (!record && (options.pid ? !processAlive(options.pid) : Date.now() > startDeadline)) {
        ended = { status: "missing" };
      }
      if (ended) {
        await sleep(poll); // a tee-ing parent may still be appending the last bytes
        await reader.drain();
        reader.flush();
        return ended;
      }
      await sleep(poll);
    }
  } finally {
    await reader.close();
  }
}

/** Reads a growing file from where it left off and hands out complete lines. */
class LogReader {
  private handle: FileHandle | undefined;
  private offset = 0;
  private partial = "";
  private readonly decoder = new TextDecoder();
  private readonly buffer = Buffer.alloc(64 * 1024);

  constructor(
    private readonly path: string,
    private readonly write: (text: string) => void,
  ) {}

  async drain(): Promise<void> {
    if (!this.handle) {
      try {
        this.handle = await open(this.path, "r");
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
    }
    for (;;) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      const text = this.partial + this.decoder.decode(this.buffer.subarray(0, bytesRead), { stream: true });
      const cut = text.lastIndexOf("\n") + 1;
      this.partial = text.slice(cut);
      if (cut > 0) this.write(text.slice(0, cut));
    }
  }

  flush(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = "";
    if (rest) this.write(rest.endsWith("\n") ? rest : `${rest}\n`);
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
