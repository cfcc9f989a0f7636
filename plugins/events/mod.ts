import { chmod, chown, open, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { errorMessage } from "../../src/core/errors.ts";
import { eventsEnabled, eventsLogFile } from "../../src/core/events-log.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { defineCommand, definePlugin } from "../../src/core/plugin.ts";
import { TRIGGERS } from "../../src/core/trigger-catalog.ts";
import { follow, lastLines } from "./tail.ts";

/** `DOKKU_ROOT/.dokkurc/DOKKU_EVENTS`: read by env.ts at every start, so the trigger bus knows at no cost. */
function switchFile(ctx: Ctx): string {
  return join(ctx.paths.dokkuRoot, ".dokkurc", "DOKKU_EVENTS");
}

const eventsShow = defineCommand({
  name: "events",
  description: "Show the last events (-t follows)",
  usage: "[-t]",
  args: { tail: { type: "boolean", alias: "t", description: "Follow the log as it grows" } },
  async run(ctx, args) {
    const file = eventsLogFile(ctx);
    // dokku-compat: `tail -n 100`, or `tail -F` (its last 10 lines, then what follows).
    if (args.tail) return follow(file, { initial: 10, write: (text) => void ctx.io.stdout.write(text) });
    const text = await lastLines(file, 100);
    if (text) ctx.io.stdout.write(text);
  },
});

const eventsList = defineCommand({
  name: "events:list",
  description: "List logged events",
  async run(ctx) {
    if (!eventsEnabled(ctx)) return void ctx.log.warn("Events logger disabled");
    ctx.log.header("Events currently logged");
    // Every trigger fired is logged; these are the ones the core knows by name.
    for (const name of Object.keys(TRIGGERS).sort()) ctx.log.data(name);
  },
});

const eventsOn = defineCommand({
  name: "events:on",
  description: "Enable events logger",
  async run(ctx) {
    ctx.log.data("Enabling dokku events logger");
    await writeFileAtomic(switchFile(ctx), "export DOKKU_EVENTS=1\n", { mode: 0o644, owner: ctx.props.owner });
    await prepareLog(ctx);
  },
});

const eventsOff = defineCommand({
  name: "events:off",
  description: "Disable events logger",
  async run(ctx) {
    ctx.log.data("Disabling dokku events logger");
    await rm(switchFile(ctx), { force: true });
  },
});

/**
 * The log file, group-writable and owned by the dokku user, so that every later dokku process
 * (as root or as dokku) can append to it. A log that cannot be prepared is reported, not fatal:
 * the trigger bus reports it again when it cannot write.
 */
async function prepareLog(ctx: Ctx): Promise<void> {
  const file = eventsLogFile(ctx);
  const owner = ctx.props.owner;
  try {
    await ensureDir(dirname(file), { owner });
    const handle = await open(file, "a", 0o664);
    await handle.close();
    await chmod(file, 0o664);
    if (owner) await chown(file, owner.uid, owner.gid);
  } catch (error) {
    ctx.log.warn(`Unable to prepare the events log ${file}: ${errorMessage(error)}`);
  }
}

/** Dokku's 20_events plugin: the trigger bus writes the log (src/core/events-log.ts), these commands read and switch it. */
export const plugin = definePlugin({
  name: "events",
  description: "Manage event logging",
  commands: [eventsShow, eventsList, eventsOff, eventsOn],
});
