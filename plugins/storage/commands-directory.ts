import { join } from "node:path";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { chownDir, ensureHostDir } from "./hostdir.ts";
import { chownId } from "./names.ts";
import { storageRoot } from "./registry.ts";

export const storageEnsureDirectory = defineCommand({
  name: "storage:ensure-directory",
  description: "[DEPRECATED] use storage:create instead",
  usage: "[--chown herokuish|heroku|paketo|root|false] <directory>",
  args: {
    directory: { type: "positional", description: "Directory name under LIB/data/storage", required: false },
    chown: { type: "string", description: "Owner: herokuish (32767, default), heroku (1000), paketo (2000), root, false" },
  },
  async run(ctx, args) {
    // dokku-compat: Dokku's deprecation warning and messages.
    ctx.log.warn("Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'");
    const name = String(args._[0] ?? "");
    if (name === "") throw new UserError("Please specify a directory to create");
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new UserError("Directory can only contain the following set of characters: [A-Za-z0-9_-]");
    const id = chownId(typeof args.chown === "string" && args.chown !== "" ? args.chown : "herokuish");
    const path = join(storageRoot(ctx), name);
    ctx.log.step(`Ensuring ${path} exists`);
    await ensureHostDir(path);
    if (id !== undefined) {
      ctx.log.detail(`Setting directory ownership to ${id}:${id}`);
      await chownDir(path, id);
    }
    ctx.log.detail("Directory ready for mounting");
  },
});
