import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { defineCommand, definePlugin } from "../../src/core/plugin.ts";

/** `DOKKU_ROOT/.dokkurc/DOKKU_TRACE`: read by env.ts on every run (reference 10.8). */
function traceFile(ctx: Ctx): string {
  return join(ctx.paths.dokkuRoot, ".dokkurc", "DOKKU_TRACE");
}

const traceOn = defineCommand({
  name: "trace:on",
  description: "Enable trace mode",
  async run(ctx) {
    ctx.log.step("Enabling trace mode");
    await writeFileAtomic(traceFile(ctx), "export DOKKU_TRACE=1\n", { mode: 0o644, owner: ctx.props.owner });
  },
});

const traceOff = defineCommand({
  name: "trace:off",
  description: "Disable trace mode",
  async run(ctx) {
    ctx.log.step("Disabling trace mode");
    await rm(traceFile(ctx), { force: true });
  },
});

/** `trace:on` / `trace:off`; bare `trace` and `trace:help` print the plugin help. */
export const plugin = definePlugin({
  name: "trace",
  description: "Manage trace mode",
  commands: [traceOff, traceOn],
});
