import { appArg, formatArg } from "../../src/cli/shared-args.ts";
import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { currentRelease, keepCount, prepareRelease } from "./lifecycle.ts";
import { showInfo, showList } from "./render.ts";
import { RELEASES, type ReleaseRecord, ReleasesProps, SETTABLE } from "./schema.ts";
import { listReleases } from "./store.ts";

function parseFormat(format: string | undefined): "stdout" | "json" {
  if (format === undefined || format === "stdout") return "stdout";
  if (format === "json") return "json";
  throw new UserError(`Invalid --format value specified: ${format}`);
}

function parseNumber(text: string | undefined, what: string): number {
  if (text === undefined || text === "") throw new UserError(`Please specify a ${what}`);
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) throw new UserError(`Invalid release number: ${text}`);
  return Number(text);
}

async function findRelease(ctx: Ctx, app: string, number: number): Promise<{ record: ReleaseRecord; all: ReleaseRecord[] }> {
  const all = await listReleases(ctx, app);
  const record = all.find((r) => r.number === number);
  if (!record) throw new UserError(`Release ${number} of ${app} does not exist`);
  return { record, all };
}

export const releasesList = defineCommand({
  name: "releases:list",
  description: "Lists the releases of an app, newest first",
  usage: "<app> [--format stdout|json]",
  args: { ...appArg, ...formatArg },
  async run(ctx, args) {
    const format = parseFormat(args.format);
    const app = await ctx.apps.verify(args.app);
    showList(ctx, app, await listReleases(ctx, app), format);
  },
});

export const releasesInfo = defineCommand({
  name: "releases:info",
  description: "Shows one release of an app",
  usage: "<app> <number> [--format stdout|json]",
  args: { ...appArg, ...formatArg },
  async run(ctx, args) {
    const format = parseFormat(args.format);
    const app = await ctx.apps.verify(args.app);
    const { record, all } = await findRelease(ctx, app, parseNumber(args._.map(String)[1], "release number"));
    showInfo(ctx, app, record, record.number === all[0]?.number, format);
  },
});

export const releasesRollback = defineCommand({
  name: "releases:rollback",
  description: "Redeploys a previous release of an app without building (default: the one before the current)",
  usage: "<app> [<number>]",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const given = args._.map(String)[1];
    await withAppLock(ctx, app, "releases:rollback", "waiting", async () => {
      const all = await listReleases(ctx, app);
      const current = all[0];
      if (!current) throw new UserError(`${app} has no releases to roll back to`);
      const number = given === undefined ? current.number - 1 : parseNumber(given, "release number");
      if (given === undefined && number < 1) throw new UserError(`${app} has no release before ${current.number}`);
      const { record } = await findRelease(ctx, app, number);
      if (record.number === current.number) throw new UserError(`Release ${number} is already the current release of ${app}`);
      if (record.imagePruned) throw new UserError(`The image of release ${number} of ${app} was pruned (releases keep ${await keepCount(ctx, app)}): it cannot be rolled back to`);
      const gone = new UserError(`The image of release ${number} of ${app} (dokku/${app}:${record.tag}) no longer exists`);
      if (!(await (await ctx.docker()).inspectImage(`dokku/${app}:${record.tag}`))) throw gone;
      ctx.log.step(`Rolling back ${app} to release ${number}`);
      const tag = await prepareRelease(ctx, app, record.tag, number);
      if (!tag) throw gone;
      const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
      ctx.log.step(`Deploying ${app} via the ${scheduler} scheduler...`);
      await ctx.triggers.notify("scheduler-deploy", scheduler, app, tag);
      ctx.log.header(`Release ${tag.slice("release-".length)} of ${app} runs the image of release ${number}`);
    });
  },
});

export const releasesSet = defineSetCommand({
  plugin: RELEASES,
  description: "Set or clear a releases property for an app or globally",
  settable: SETTABLE,
  validate(key, value) {
    if (key === ReleasesProps.keep && (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 1000)) {
      throw new UserError(`Invalid value for keep: ${value} (a whole number from 1 to 1000)`);
    }
  },
});

export const releasesReport = defineReportCommand({
  plugin: RELEASES,
  async values(ctx, app) {
    const all = await listReleases(ctx, app);
    return {
      "--releases-current": (await currentRelease(ctx, app))?.number.toString() ?? "",
      "--releases-count": String(all.length),
      "--releases-keep": (await ctx.props.get(RELEASES, app, ReleasesProps.keep)) ?? "",
      "--releases-global-keep": (await ctx.props.get(RELEASES, GLOBAL, ReleasesProps.keep)) ?? "",
      "--releases-computed-keep": String(await keepCount(ctx, app)),
    };
  },
  async globalValues(ctx) {
    return { "--releases-global-keep": (await ctx.props.get(RELEASES, GLOBAL, ReleasesProps.keep)) ?? "" };
  },
});
