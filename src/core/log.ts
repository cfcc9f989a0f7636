import { createConsola, type ConsolaOptions, type ConsolaReporter, type LogObject } from "consola/core";
import { formatWithOptions } from "node:util";
import { printableLines } from "./terminal-text.ts";

/** Dokku's output vocabulary (common/log.go), one prefix per consola log type. */
const PREFIX: Partial<Record<LogObject["type"], string>> = {
  start: "-----> ",
  info: "=====> ",
  log: "       ",
  warn: " !     ",
  error: " !     ",
  trace: " ?     ",
};

export interface Writable {
  write(chunk: string | Uint8Array): unknown;
}

class DokkuReporter implements ConsolaReporter {
  log(entry: LogObject, { options }: { options: ConsolaOptions }): void {
    const toStderr = entry.type === "warn" || entry.type === "error" || entry.type === "trace";
    const stream = toStderr ? options.stderr : options.stdout;
    const prefix = PREFIX[entry.type] ?? "";
    const text = formatWithOptions({ colors: false }, ...entry.args);
    stream?.write(text.split("\n").map((line) => `${prefix}${line}\n`).join(""));
  }
}

/** The one output facade: headers and steps are quiet-aware, data never is. */
export interface Log {
  /** `-----> ` step (dokku_log_info1). */
  step(message: string): void;
  /** `=====> ` header (dokku_log_info2). */
  header(message: string): void;
  /** 7-space detail (dokku_log_verbose). */
  detail(message: string): void;
  /** ` !     ` on stderr (dokku_log_warn). */
  warn(message: string): void;
  /** ` !     ` on stderr, not silenced by --quiet. */
  error(message: string): void;
  /** ` ?     ` on stderr, only with --trace. */
  trace(message: string): void;
  /** Raw data for machines and pipes: never prefixed, never silenced. */
  data(text: string): void;
  /** Raw text on stderr, never silenced. */
  stderr(text: string): void;
  readonly quiet: boolean;
}

export interface LogOptions {
  stdout: Writable;
  stderr: Writable;
  quiet: boolean;
  trace: boolean;
}

export function createLog({ stdout, stderr, quiet, trace }: LogOptions): Log {
  const consola = createConsola({
    reporters: [new DokkuReporter()],
    level: trace ? 5 : 3,
    throttle: 0, // consola collapses repeated lines by default; build output must not be collapsed
    stdout: stdout as NodeJS.WriteStream,
    stderr: stderr as NodeJS.WriteStream,
  });
  const unlessQuiet = (fn: (m: string) => void) => (m: string) => {
    if (!quiet) fn(m);
  };
  return {
    step: unlessQuiet((m) => consola.start(m)),
    header: unlessQuiet((m) => consola.info(m)),
    detail: unlessQuiet((m) => consola.log(m)),
    // Messages may quote plugin or file text: control characters never reach the terminal from here.
    warn: unlessQuiet((m) => consola.warn(printableLines(m))),
    error: (m) => consola.error(printableLines(m)),
    trace: (m) => consola.trace(m),
    data: (t) => void stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    stderr: (t) => void stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    quiet,
  };
}
