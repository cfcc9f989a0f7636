import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import { DokkuError } from "../core/errors.ts";
import { type ExecResult, exec } from "../exec/exec.ts";
import { type DockerEndpoint, cliEnv } from "./connection.ts";
import type { CliOutput } from "./engine.ts";

export interface DockerCliRun {
  cwd?: string;
  /** Values for value-less `--env KEY` / `--build-arg KEY` flags. */
  env?: Readonly<Record<string, string>>;
  /** Hand our own stdin to docker (`image load`), or give it this text (`login --password-stdin`). */
  stdin?: "inherit" | string;
  /** DOCKER_CONFIG for this call only: an app's own registry credentials (registry plugin). */
  configDir?: string;
  output: CliOutput;
}

/** An attached call: docker gets our stdout and stderr (and stdin when asked) and its exit code is the answer. */
export type DockerCliAttach = (args: readonly string[], options: { stdin: boolean }) => Promise<number>;

/** Runs `docker ARGS...` against one endpoint; the engine's only way to the CLI. */
export type DockerCli = (args: readonly string[], run: DockerCliRun) => Promise<ExecResult>;

/**
 * The CLI half of the engine: `DOCKER_BIN` from the snapshot, the child environment from the
 * same snapshot with the endpoint forced (connection.ts), argv only. A failure throws a
 * DokkuError carrying docker's exit code and its last lines of output.
 */
export function createDockerCli(vars: Readonly<Record<string, string>>, endpoint: DockerEndpoint): DockerCli {
  // Found on the snapshot's PATH: the child's PATH may be an app's config (`--env PATH`).
  const bin = resolveBinary(vars.DOCKER_BIN || "docker", vars.PATH ?? "");
  return async (args, { cwd, env, stdin, configDir, output }) => {
    const keep = output.echo ? 5 : 20;
    const tail: string[] = [];
    const result = await exec([bin, ...args], {
      cwd,
      env: { ...cliEnv(vars, endpoint, env), ...(configDir ? { DOCKER_CONFIG: configDir } : {}) },
      input: stdin,
      check: false,
      onLine(line, stream) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        output.echo?.[stream].write(`${line}\n`);
      },
    });
    if (result.code !== 0) {
      const detail = tail.slice(-keep).filter((l) => l.trim() !== "").map((l) => `  ${l}`).join("\n");
      throw new DokkuError(`${output.failure} (docker exited with code ${result.code})${detail ? `\n${detail}` : ""}`, {
        exitCode: result.code > 0 && result.code < 126 ? result.code : 1,
      });
    }
    return result;
  };
}

/**
 * The attached half of the CLI runner: same binary and child environment, but our own stdio, so
 * a terminal session or a long output streams straight through, and no exit code is an error.
 */
export function createDockerCliAttach(vars: Readonly<Record<string, string>>, endpoint: DockerEndpoint): DockerCliAttach {
  const bin = resolveBinary(vars.DOCKER_BIN || "docker", vars.PATH ?? "");
  return async (args, { stdin }) => {
    const result = await exec([bin, ...args], {
      env: cliEnv(vars, endpoint),
      input: stdin ? "inherit" : "",
      stdout: "inherit",
      stderr: "inherit",
      check: false,
    });
    return result.code;
  };
}

/** An absolute path for `name` from the directories of `searchPath`, or `name` itself when not found. */
export function resolveBinary(name: string, searchPath: string): string {
  if (name.includes("/")) return name;
  for (const dir of searchPath.split(":")) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return name;
}
