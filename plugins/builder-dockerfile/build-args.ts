import { UserError } from "../../src/core/errors.ts";

// dokku-compat: the `docker image build` flags Dokku lets through from docker-options (reference 6.4).
const VALUED = new Set([
  "--add-host", "--allow", "--annotation", "--attest", "--build-arg", "--builder", "--cache-from", "--cache-to", "--call",
  "--cgroup-parent", "--label", "--memory", "-m", "--memory-swap", "--network", "--platform", "--progress", "--provenance",
  "--sbom", "--secret", "--shm-size", "--ssh", "--tag", "--target", "--ulimit",
]);
const BARE = new Set(["--check", "-D", "--debug", "--no-cache"]);

/** Keeps only whitelisted build flags (`--x v` or `--x=v`, plus a few bare flags); everything else is dropped. */
export function filterBuildArgs(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.indexOf("=");
    if (BARE.has(token)) out.push(token);
    else if (eq > 0 && VALUED.has(token.slice(0, eq))) out.push(token);
    else if (VALUED.has(token) && i + 1 < tokens.length) out.push(token, tokens[++i]!);
  }
  return out;
}

/**
 * The values `--build-arg KEY` (no value) reads from the environment, taken from the app's
 * config. A value with a newline cannot travel as a build arg intact, so it is refused.
 */
export function buildArgEnv(filtered: readonly string[], config: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < filtered.length; i++) {
    const token = filtered[i]!;
    let spec: string | undefined;
    if (token === "--build-arg") spec = filtered[++i];
    else if (token.startsWith("--build-arg=")) spec = token.slice("--build-arg=".length);
    if (spec === undefined) continue;
    const eq = spec.indexOf("=");
    const key = eq === -1 ? spec : spec.slice(0, eq);
    const value = eq === -1 ? config.get(key) : spec.slice(eq + 1);
    if (value !== undefined && /[\r\n]/.test(value)) {
      throw new UserError(`Build arg ${key} has a value with newlines, which docker build cannot pass; use a single-line value or a build secret`);
    }
    if (eq === -1 && value !== undefined) env[key] = value;
  }
  return env;
}
