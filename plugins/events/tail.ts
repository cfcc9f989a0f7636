// `tail -n N` and `tail -F` for the events log, in-process (pure file I/O, no child processes).
import { open, stat } from "node:fs/promises";
import { isNotFound } from "../../src/core/errors.ts";

/** The last `count` lines of `file` (read backwards in chunks), or undefined when it does not exist. */
export async function lastLines(file: string, count: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // One more newline than lines wanted: the file's own final newline ends the last line.
    while (position > 0 && newlines <= count) {
      const length = Math.min(64 * 1024, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
    }
    const text = Buffer.concat(chunks).toString("utf8");
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const kept = lines.slice(-count);
    return kept.length === 0 ? "" : `${kept.join("\n")}\n`;
  } finally {
    await handle.close();
  }
}

export interface FollowOptions {
  /** Lines of the current content to print first (tail's default is 10). */
  initial: number;
  write(text: string): void;
  /** Poll interval in milliseconds. */
  intervalMs?: number;
  /** Stop following when this resolves (tests); otherwise follows until the process ends. */
  until?: Promise<unknown>;
}

/**
 * `tail -F`: prints the last lines, then whatever is appended, and keeps following when the file
 * is rotated (replaced) or truncated, or appears later.
 */
export async function follow(file: string, options: FollowOptions): Promise<void> {
  let stopped = false;
  void options.until?.then(() => {
    stopped = true;
  });
  const first = await lastLines(file, options.initial);
  if (first) options.write(first);
  let identity = await fileIdentity(file);
  let offset = identity?.size ?? 0;
  while (!stopped) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
    const now = await fileIdentity(file);
    if (!now) {
      identity = undefined;
      offset = 0;
      continue;
    }
    if (!identity || now.ino !== identity.ino || now.size < offset) offset = 0; // rotated, recreated or truncated
    identity = now;
    if (now.size > offset) offset += await copyRange(file, offset, now.size, options.write);
  }
}

async function fileIdentity(file: string): Promise<{ ino: number; size: number } | undefined> {
  try {
    const s = await stat(file);
    return { ino: s.ino, size: s.size };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Writes bytes [from, to) of the file up to its last complete line; returns how many were written. */
async function copyRange(file: string, from: number, to: number, write: (text: string) => void): Promise<number> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
    if (end > 0) write(buffer.subarray(0, end).toString("utf8"));
    return end;
  } finally {
    await handle.close();
  }
}
