import { readHolder, releaseHeld } from "../../src/core/lock.ts";
import { lockApp } from "../../src/core/app-lock.ts";
import { parseAppName, parseNewAppName } from "../../src/core/apps.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";

/** `is_valid_app_name` / `is_valid_app_name_old`: exit 0 when NAME follows the rule, 1 with the reason otherwise. */
export const commonValidAppName = defineCommand({
  name: "common:valid-app-name",
  description: "Check an app name (common/functions is_valid_app_name)",
  usage: "[--old] <name>",
  hidden: true,
  verbatimArgs: true,
  async run(_ctx, _args, raw) {
    const old = raw[0] === "--old";
    const name = old ? raw[1] : raw[0];
    (old ? parseAppName : parseNewAppName)(name ?? "");
  },
});

/** `fn-plugn-trigger-exists NAME`: exit 0 when a core handler or an enabled plugin implements it. */
export const commonTriggerExists = defineCommand({
  name: "common:trigger-exists",
  description: "Check whether a trigger is implemented (common/functions fn-plugn-trigger-exists)",
  usage: "<trigger>",
  hidden: true,
  verbatimArgs: true,
  async run(ctx, _args, raw) {
    const name = raw[0] ?? "";
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) throw new UserError(`Invalid trigger name: ${name}`);
    if (!(await ctx.triggers.exists(name as never))) throw new SilentExit(1);
  },
});

const MODES = ["waiting", "exclusive"] as const;

/**
 * `acquire_app_deploy_lock APP [waiting|exclusive]`: the binary's own app lock, held in the name of
 * `DOKKU_PID` (the dokku process that runs the plugin, or the calling script), so bash and the
 * binary exclude each other, a dokku child of the plugin shares it, and a holder that dies is
 * recovered. Prints a token for `common:unlock`: `shared` when DOKKU_PID already held it.
 */
export const commonLock = defineCommand({
  name: "common:lock",
  description: "Take an app's deploy lock for a bash plugin (acquire_app_deploy_lock)",
  usage: "<app> [waiting|exclusive]",
  hidden: true,
  verbatimArgs: true,
  async run(ctx, _args, raw) {
    const [name, mode = "waiting"] = raw;
    const app = await ctx.apps.verify(name);
    if (!(MODES as readonly string[]).includes(mode)) throw new UserError(`Invalid lock type: ${mode} (waiting or exclusive)`);
    const pid = Number(ctx.env.vars.DOKKU_PID) || process.pid;
    const path = ctx.paths.deployLock(app);
    const before = await readHolder(path);
    if (before !== "absent" && before?.pid === pid) return void ctx.io.stdout.write("shared\n");
    await lockApp(ctx, app, "bash plugin", mode as (typeof MODES)[number]);
    const after = await readHolder(path);
    if (after === "absent" || after?.pid !== pid) throw new UserError(`Lost the deploy lock of ${app}`);
    ctx.io.stdout.write(`${after.since}\n`);
  },
});

/** `release_app_deploy_lock APP`: releases the lock `common:lock` printed TOKEN for, and nothing else. */
export const commonUnlock = defineCommand({
  name: "common:unlock",
  description: "Release an app's deploy lock taken by a bash plugin (release_app_deploy_lock)",
  usage: "<app> <token>",
  hidden: true,
  verbatimArgs: true,
  async run(ctx, _args, raw) {
    const [name, token = ""] = raw;
    const app = parseAppName(name ?? "");
    if (token === "" || token === "shared") return;
    await releaseHeld(ctx.paths.deployLock(app), { pid: Number(ctx.env.vars.DOKKU_PID) || process.pid, since: token });
  },
});
