import { readFile } from "node:fs/promises";
import { appArg } from "../../src/cli/shared-args.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { followBuild } from "./follow.ts";
import { parseBuildId } from "./ids.ts";
import { currentBuild, logPath, readRecord } from "./store.ts";

/**
 * `builds:output APP [ID|current]`: a finished build's log is replayed; a running one is followed
 * until it ends (dokku-compat: Dokku's `tail -f` never ends by itself; ours returns when the build
 * does). Without an id, or with `current`, the running build is shown.
 */
export const buildsOutput = defineCommand({
  name: "builds:output",
  description: "Show build output (follow a running build, replay a finished one)",
  usage: "<app> [<build-id>|current]",
  args: { ...appArg, id: { type: "positional", description: "Build id, or current", required: false } },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    let id = args.id;
    if (!id || id === "current") {
      const running = await currentBuild(ctx, app);
      // dokku-compat: Dokku's message when nothing is deploying.
      if (!running) return void ctx.log.step("App not currently deploying");
      id = running.id;
    }
    id = parseBuildId(id);
    const write = (text: string) => void ctx.io.stdout.write(text);
    if (await readRecord(ctx, app, id)) {
      const result = await followBuild(ctx, app, id, { write });
      if (result.status === "abandoned") ctx.log.warn(`Build ${id} stopped without a result: its process is gone`);
      return;
    }
    try {
      write(await readFile(logPath(ctx, app, id), "utf8")); // a log whose record was lost
    } catch (error) {
      if (isNotFound(error)) throw new UserError(`no such build ${id} for app ${app}`);
      throw error;
    }
  },
});
