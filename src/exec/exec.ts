import { spawn } from "node:child_process";
import { DokkuError } from "../core/errors.ts";

export interface ExecOptions {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Bytes for the child's stdin, or "inherit" to hand it ours. Default: empty stdin. */
  input?: string | Uint8Array | "inherit" | { fd: number };
  /** "pipe" captures (default); "inherit" streams to our own stdout/stderr. */
  stdout?: "pipe" | "inherit";
  stderr?: "pipe" | "inherit";
  /** Throw ExecError on a non-zero exit (default true). */
  check?: boolean;
  /** Receives piped output line by line as it arrives (build logs); output is still captured. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface ExecResult {
  readonly argv: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Exec = (argv: readonly [string, ...string[]], options?: ExecOptions) => Promise<ExecResult>;

/** A child process exited non-zero (or could not start). */
export class ExecError extends DokkuError {
  constructor(readonly result: ExecResult) {
    const tail = result.stderr.trim().split("\n").slice(-20).join("\n");
    super(`Command failed with exit code ${result.code}: ${result.argv.join(" ")}${tail ? `\n${tail}` : ""}`, {
      exitCode: result.code > 0 ? result.code : 1,
    });
  }
}

/** Runs a program from an argv array. There is no shell anywhere on this path. */
export const exec: Exec = (argv, options = {}) =>
  new Promise((resolve, reject) => {
    const [command, ...args] = argv;
    const input = options.input;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: [input === "inherit" ? "inherit" : typeof input === "object" && "fd" in input ? input.fd : "pipe", options.stdout ?? "pipe", options.stderr ?? "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const lines = options.onLine ? lineSplitter(options.onLine) : undefined;
    child.stdout?.on("data", (chunk: Buffer) => {
      out.push(chunk);
      lines?.push(chunk, "stdout");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err.push(chunk);
      lines?.push(chunk, "stderr");
    });
    if (child.stdin) {
      child.stdin.on("error", () => {}); // a child that exits without reading its stdin is fine
      child.stdin.end(input === undefined || input === "inherit" || (typeof input === "object" && "fd" in input) ? undefined : input);
    }
    child.on("error", (error: NodeJS.ErrnoException) => {
      const result = { argv, code: error.code === "ENOENT" ? 127 : 126, stdout: "", stderr: error.message };
      if (options.check ?? true) reject(new ExecError(result));
      else resolve(result);
    });
    child.on("close", (code, signal) => {
      lines?.flush();
      const result = {
        argv,
        code: code ?? (signal ? 128 + signalNumber(signal) : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      };
      if ((options.check ?? true) && result.code !== 0) reject(new ExecError(result));
      else resolve(result);
    });
  });

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

/** Splits chunks into lines per stream; a final unterminated line is delivered on flush. */
function lineSplitter(onLine: (line: string, stream: "stdout" | "stderr") => void) {
  const partial = { stdout: "", stderr: "" };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  return {
    push(chunk: Buffer, stream: "stdout" | "stderr") {
      const parts = (partial[stream] + decoders[stream].decode(chunk, { stream: true })).split("\n");
      partial[stream] = parts.pop() ?? "";
      for (const line of parts) onLine(line.replace(/\r$/, ""), stream);
    },
    flush() {
      for (const stream of ["stdout", "stderr"] as const) if (partial[stream]) onLine(partial[stream], stream);
    },
  };
}
