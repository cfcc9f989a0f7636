import { splitXargs } from "../../src/cli/ssh-command.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { PS, PsProps, isValidRestartPolicy } from "./schema.ts";

// Dokku's on-disk layout of the docker-options plugin: the default scope's deploy options.
const DOCKER_OPTIONS = "docker-options";
const DEFAULT_DEPLOY_OPTIONS = "_default_.deploy";

/** The policy a `--restart=P` or `--restart P` option sets; undefined for any other option. */
export function restartOption(option: string): string | undefined {
  const [first = "", second] = splitXargs(option);
  if (first.startsWith("--restart=")) return first.slice("--restart=".length);
  if (first === "--restart") return second ?? "";
  return undefined;
}

/**
 * `install`: before `ps:set restart-policy` existed, a restart policy was a `--restart` deploy
 * docker-option. Each app's such option becomes its restart-policy property (one already set wins)
 * and leaves the options, as Dokku migrates it (reference 7.5), so that the two never disagree.
 * A value the property would refuse stays where it is, with a warning.
 */
export const onInstall: TriggerHandler<"install"> = async (ctx) => {
  for (const app of await ctx.apps.list()) await migrateApp(ctx, app);
};

async function migrateApp(ctx: Ctx, app: string): Promise<void> {
  const options = await ctx.props.lrange(DOCKER_OPTIONS, app, DEFAULT_DEPLOY_OPTIONS);
  const restarts = options.map(restartOption);
  if (restarts.every((policy) => policy === undefined)) return;
  const policy = restarts.filter((p) => p !== undefined).pop()!;
  if (!isValidRestartPolicy(policy)) {
    ctx.log.warn(`Not migrating the --restart docker-option of ${app}: ${JSON.stringify(policy)} is not a valid restart policy`);
    return;
  }
  if ((await ctx.props.get(PS, app, PsProps.restartPolicy)) === undefined) await ctx.props.set(PS, app, PsProps.restartPolicy, policy);
  const kept = options.filter((_, i) => restarts[i] === undefined);
  if (kept.length === 0) await ctx.props.del(DOCKER_OPTIONS, app, DEFAULT_DEPLOY_OPTIONS);
  else await ctx.props.lwrite(DOCKER_OPTIONS, app, DEFAULT_DEPLOY_OPTIONS, kept);
  ctx.log.step(`Migrated the --restart docker-option of ${app} to ps restart-policy ${await ctx.props.get(PS, app, PsProps.restartPolicy)}`);
}
