import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { defineCommand } from "../../src/core/plugin.ts";

/**
 * `dokku url APP` and `dokku urls APP`: what `domains-urls` answers (Dokku keeps them in
 * 00_dokku-standard; they are domain questions, so they live here).
 */
async function printUrls(ctx: Ctx, app: unknown, format: "url" | "urls"): Promise<void> {
  const name = await ctx.apps.verify(app);
  ctx.io.stdout.write(await ctx.triggers.query("domains-urls", name, format));
}

export const url = defineCommand({
  name: "url",
  description: "Show the first URL for an application (compatibility)",
  usage: "<app>",
  args: appArg,
  run: (ctx, args) => printUrls(ctx, args.app, "url"),
});

export const urls = defineCommand({
  name: "urls",
  description: "Show all URLs for an application",
  usage: "<app>",
  args: appArg,
  run: (ctx, args) => printUrls(ctx, args.app, "urls"),
});
