import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { ARCHIVE_TYPES, type ArchiveType } from "./archive-type.ts";
import { gitFromArchive } from "./source-archive.ts";
import { gitFromImage, gitLoadImage, parseImageRef } from "./source-image.ts";

/**
 * Splits argv into `--flag value` options, boolean flags and positionals. These commands read
 * `raw` themselves because `--` is a positional here (stdin), which citty would swallow.
 */
export function splitArgs(raw: readonly string[], valued: readonly string[], booleans: readonly string[]): { options: Record<string, string>; flags: Set<string>; positionals: string[] } {
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (arg.startsWith("--") && valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : raw[++i];
      if (value === undefined) throw new UserError(`Missing value for --${name}`);
      options[name] = value;
    } else if (arg.startsWith("--") && booleans.includes(arg.slice(2))) flags.add(arg.slice(2));
    else positionals.push(arg);
  }
  return { options, flags, positionals };
}

function parseArchiveType(value: string | undefined): ArchiveType {
  const type = value ?? "tar";
  if (!(ARCHIVE_TYPES as readonly string[]).includes(type)) {
    throw new UserError(`Invalid archive type specified, valid archive types include: ${ARCHIVE_TYPES.join(", ")}`);
  }
  return type as ArchiveType;
}

export const gitFromArchiveCommand = defineCommand({
  name: "git:from-archive",
  description: "Updates an app's git repository with a given archive file",
  usage: "[--archive-type tar|tar.gz|zip] <app> <archive-url>|-- [<git-username> <git-email>]",
  async run(ctx, _args, raw) {
    const { options, positionals } = splitArgs(raw, ["archive-type"], []);
    const type = parseArchiveType(options["archive-type"]);
    const [name, source, user, email] = positionals;
    const app = await ctx.apps.verify(name);
    if (!source) throw new UserError("Please specify an archive url or -- for stdin");
    await gitFromArchive(ctx, app, source, type, user, email);
  },
});

async function imageArgs(ctx: Ctx, raw: readonly string[]) {
  const { options, flags, positionals } = splitArgs(raw, ["build-dir"], ["force"]);
  const [name, image, user, email] = positionals;
  const app = await ctx.apps.verify(name);
  return { app, image: parseImageRef(image), force: flags.has("force") || ctx.flags.force, options: { buildDir: options["build-dir"], user, email } };
}

export const gitFromImageCommand = defineCommand({
  name: "git:from-image",
  description: "Updates an app's git repository with a given docker image",
  usage: "[--build-dir DIRECTORY] [--force] <app> <docker-image> [<git-username> <git-email>]",
  async run(ctx, _args, raw) {
    const { app, image, force, options } = await imageArgs(ctx, raw);
    await gitFromImage(ctx, app, image, force, options);
  },
});

export const gitLoadImageCommand = defineCommand({
  name: "git:load-image",
  description: "Updates an app's git repository with a docker image loaded from stdin",
  usage: "[--build-dir DIRECTORY] <app> <docker-image> [<git-username> <git-email>]",
  async run(ctx, _args, raw) {
    const { app, image, options } = await imageArgs(ctx, raw);
    await gitLoadImage(ctx, app, image, options);
  },
});
