import { join } from "node:path";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { runExec } from "./docker.ts";
import { chmodDir, chownDir } from "./hostdir.ts";
import { isHostPath, mountFlag } from "./mount-spec.ts";
import { chownId, parseMode } from "./names.ts";
import { requireEntry, saveEntry, storageRoot } from "./registry.ts";

const SETTABLE = ["chown", "mode"] as const;
const K3S_ONLY = ["access-mode", "namespace", "reclaim-policy", "size", "storage-class-name"];

export const storageSet = defineCommand({
  name: "storage:set",
  description: "Update a storage entry in place",
  usage: "<name> <property> [<value>]",
  args: { name: { type: "positional", description: "Entry name", required: false } },
  async run(ctx, args) {
    const [, property = "", value = ""] = args._.map(String);
    const entry = await requireEntry(ctx, args._[0]);
    if (property === "") throw new UserError("No property specified");
    if (K3S_ONLY.includes(property)) throw new UserError(`Property ${property} is only supported for k3s storage entries`);
    if (!(SETTABLE as readonly string[]).includes(property)) throw new UserError(`Invalid property specified, valid properties include: ${SETTABLE.join(", ")}`);
    const path = entry.host_path ?? "";
    if (value !== "" && property === "chown") {
      const id = chownId(value);
      if (path !== join(storageRoot(ctx), entry.name)) throw new UserError("--chown is only supported when the storage entry uses the default host path");
      if (id !== undefined) await chownDir(path, id);
    }
    if (value !== "" && property === "mode") {
      if (!isHostPath(path)) throw new UserError("mode is only supported for host directories");
      await chmodDir(path, parseMode(value));
    }
    // dokku-compat: the set wording of every PLUGIN:set.
    ctx.log.header(value === "" ? `Unsetting ${property}` : `Setting ${property} to ${value}`);
    const updated = { ...entry, [property]: value === "" ? undefined : value };
    await saveEntry(ctx, updated);
    ctx.log.step(`Storage entry ${entry.name} updated`);
  },
});

export const storageExec = defineCommand({
  name: "storage:exec",
  description: "Run a command (or shell) in a temporary container that mounts the entry at /data",
  usage: "<name> [--image IMAGE] [--as-user UID] [-- <cmd>...]",
  args: {
    name: { type: "positional", description: "Entry name", required: false },
    image: { type: "string", description: "Image to run (default alpine:3)" },
    "as-user": { type: "string", description: "Numeric uid to run as (default: the entry's chown owner)" },
  },
  async run(ctx, args, raw) {
    const end = raw.indexOf("--");
    const command = end >= 0 ? raw.slice(end + 1) : [];
    const entry = await requireEntry(ctx, args._[0]);
    if (end < 0 && args._.length > 1) throw new UserError("Separate the command from the entry name with --, e.g. storage:exec NAME -- ls -la");
    const asUser = typeof args["as-user"] === "string" && args["as-user"] !== "" ? args["as-user"] : undefined;
    if (asUser !== undefined && !/^\d{1,10}(:\d{1,10})?$/.test(asUser)) throw new UserError(`Invalid --as-user value ${JSON.stringify(asUser)}: expected a numeric uid`);
    const owner = entry.chown ? chownId(entry.chown) : undefined;
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const mount = mountFlag(entry, { entry_name: entry.name, container_path: "/data", phases: ["run"] });
    return runExec(ctx, {
      mount,
      // dokku-compat: Dokku's default image; this host has no registry, so pass --image.
      image: typeof args.image === "string" && args.image !== "" ? args.image : "alpine:3",
      user: asUser ?? (owner === undefined ? undefined : String(owner)),
      command: command.length > 0 ? command : ["/bin/sh"],
      interactive: command.length === 0 || Boolean(process.stdin.isTTY),
      tty,
    });
  },
});
