import { UserError } from "../../src/core/errors.ts";

// dokku-compat: the shapes buildpacks/functions.go accepts (`validBuildpackURL`).
const SHORTHAND = /^([\w-]+)\/([\w-]+)$/;
const URL_SHAPE = /^(http|https|git)(:\/\/|@)([^/:\s]+)[/:]([^/:\s]+)\/(\S+)$/;

/**
 * Normalises one buildpack reference: `owner/name` expands to the GitHub heroku-buildpack
 * repository (`heroku-community` lives under `heroku`), URLs pass through unchanged.
 */
export function validBuildpackUrl(buildpack: string): string {
  if (buildpack === "") throw new UserError("Must specify a buildpack to add");
  const short = SHORTHAND.exec(buildpack);
  if (short) {
    const owner = short[1] === "heroku-community" ? "heroku" : short[1];
    return `https://github.com/${owner}/heroku-buildpack-${short[2]}.git`;
  }
  if (URL_SHAPE.test(buildpack)) return buildpack;
  throw new UserError(`Invalid buildpack specified: ${buildpack}`);
}

/**
 * Parses a `.buildpacks` file: one reference per line, blank lines and `#` comments skipped.
 * A line that is not a buildpack reference is an error naming the line.
 */
export function parseBuildpacksFile(text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "").trim();
    if (line === "" || line.startsWith("#")) return;
    try {
      out.push(validBuildpackUrl(line));
    } catch {
      throw new UserError(`Invalid buildpack specified in .buildpacks line ${i + 1}: ${line} (expected a git or http(s) URL, or owner/name)`);
    }
  });
  return out;
}

/** Parses `--index N` (1-based; 0 or absent means "not given"). */
export function parseIndex(raw: unknown): number {
  if (raw === undefined || raw === null || raw === "" || raw === false) return 0;
  const text = String(raw);
  if (!/^\d+$/.test(text)) throw new UserError(`Invalid --index value: ${text} (expected a positive number)`);
  return Number(text);
}
