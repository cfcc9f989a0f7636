import type { Ctx } from "../../src/core/context.ts";
import { type LogLine, colorOf, formatLine, mergeByTime, splitTimestamp } from "./lines.ts";

/** A container whose output is shown, and the dyno it is shown as. */
export interface LogSource {
  id: string;
  dyno: string;
}

export interface PrintOptions {
  follow: boolean;
  /** Lines per container (0: all); without follow also the most shown in total. */
  num: number;
  quiet: boolean;
}

/**
 * Prints the containers' output: without `follow`, their last `num` lines merged in time order;
 * with it, each container's lines as they come until the containers stop or the user
 * interrupts (Ctrl-C, or the reader of a pipe goes away), which ends the command quietly.
 */
export async function printLogs(ctx: Ctx, sources: readonly LogSource[], { follow, num, quiet }: PrintOptions): Promise<void> {
  const docker = await ctx.docker();
  const colored = !quiet && ctx.runtime.isTerminal(1);
  const controller = new AbortController();
  const stop = ctx.runtime.onInterrupt(() => controller.abort());
  const write = (line: LogLine) => {
    if (!controller.signal.aborted) ctx.io.stdout.write(`${formatLine(line, quiet)}\n`);
  };
  try {
    const collected: LogLine[] = [];
    await Promise.all(
      sources.map((source, i) => {
        const color = colored ? colorOf(i) : undefined;
        const options = { follow, timestamps: true, signal: controller.signal, ...(num > 0 ? { tail: num } : {}) };
        return docker.containerLogs(source.id, options, (raw) => {
          const line = { ...splitTimestamp(raw), dyno: source.dyno, color };
          if (follow) write(line);
          else collected.push(line);
        });
      }),
    );
    for (const line of mergeByTime(collected, num)) write(line);
  } finally {
    stop();
  }
}
