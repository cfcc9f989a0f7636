import { appArg } from "../../src/cli/shared-args.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { BUILDPACKS, BuildpacksProps } from "./schema.ts";
import { parseIndex, validBuildpackUrl } from "./url.ts";

const indexArg = { index: { type: "string", description: "1-based position in the list of buildpacks", valueHint: "N" } } as const;
const urlArg = { buildpack: { type: "positional", description: "Buildpack URL or owner/name", required: false } } as const;

export const buildpacksAdd = defineCommand({
  name: "buildpacks:add",
  description: "Add new app buildpack while inserting into list of buildpacks if necessary",
  usage: "[--index 1] <app> <buildpack>",
  args: { ...indexArg, ...appArg, ...urlArg },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const index = parseIndex(args.index);
    const url = validBuildpackUrl(String(args.buildpack ?? ""));
    await ctx.props.rpush(BUILDPACKS, app, BuildpacksProps.list, url, index);
  },
});

export const buildpacksSet = defineCommand({
  name: "buildpacks:set",
  description: "Set new app buildpack at a given position defaulting to the first buildpack if no index is specified",
  usage: "[--index 1] [--replace] <app> <buildpack> [<buildpack>...]",
  args: { ...indexArg, replace: { type: "boolean", description: "Replace the whole list with the given buildpacks" }, ...appArg, ...urlArg },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const urls = args._.slice(1).map((u) => validBuildpackUrl(String(u)));
    if (urls.length === 0) throw new UserError("Must specify a buildpack to add");
    if (args.replace) {
      if (args.index !== undefined) throw new UserError("Please choose either --index or --replace, but not both");
      return void (await ctx.props.lwrite(BUILDPACKS, app, BuildpacksProps.list, [...new Set(urls)]));
    }
    if (urls.length > 1) throw new UserError("Only one buildpack may be specified without --replace");
    const index = Math.max(parseIndex(args.index), 1) - 1;
    const list = await ctx.props.lrange(BUILDPACKS, app, BuildpacksProps.list);
    if (index < list.length) list[index] = urls[0]!;
    else list.push(urls[0]!);
    await ctx.props.lwrite(BUILDPACKS, app, BuildpacksProps.list, list);
  },
});

export const buildpacksRemove = defineCommand({
  name: "buildpacks:remove",
  description: "Remove a buildpack set on the app",
  usage: "<app> <buildpack>|--index N",
  args: { ...indexArg, ...appArg, ...urlArg },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const index = parseIndex(args.index);
    const given = String(args.buildpack ?? "");
    if (index !== 0 && given !== "") throw new UserError("Please choose either index or Buildpack, but not both");
    if (index === 0 && given === "") throw new UserError("Must specify a buildpack to remove, either by index or URL");
    const list = await ctx.props.lrange(BUILDPACKS, app, BuildpacksProps.list);
    if (list.length === 0) throw new UserError(`No buildpacks were found, next release on ${app} will detect buildpack normally`);
    let url: string;
    if (index !== 0) {
      if (index > list.length) throw new UserError(`Index ${index} out of range, ${app} has ${list.length} buildpack(s)`);
      url = list[index - 1]!;
    } else {
      url = validBuildpackUrl(given);
      if (!list.includes(url)) throw new UserError(`Unable to find buildpack ${url} for ${app}`);
    }
    ctx.log.step(`Removing ${url}`);
    await ctx.props.lwrite(BUILDPACKS, app, BuildpacksProps.list, list.filter((u) => u !== url));
  },
});

export const buildpacksClear = defineCommand({
  name: "buildpacks:clear",
  description: "Clear all buildpacks set on the app",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await ctx.props.del(BUILDPACKS, app, BuildpacksProps.list);
  },
});

export const buildpacksList = defineCommand({
  name: "buildpacks:list",
  description: "List all buildpacks for an app",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    ctx.log.step(`${app} buildpack urls`);
    for (const url of await ctx.props.lrange(BUILDPACKS, app, BuildpacksProps.list)) ctx.log.detail(url);
  },
});
