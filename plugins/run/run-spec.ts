// The `docker container create` spec of a one-off container (reference 7.7). Pure: every input
// was gathered by the caller, so the exact flags, labels and environment are unit-tested.
import type { ContainerCreateSpec } from "../../src/docker/engine.ts";
import { LABELS, appLabels } from "../../src/docker/labels.ts";
import { type OneOffKind, RUN_LABELS } from "./schema.ts";

export interface RunPlan {
  app: string;
  image: string;
  /** `run`, or `cron` for a cron task's container: `APP.KIND.N`, `DYNO=KIND.N` and the container-type label. */
  kind: OneOffKind;
  /** `N` of `APP.KIND.N` and `DYNO=KIND.N`. */
  index: number;
  /** The merged app config: `--env=KEY` flags, values through the CLI's environment. */
  config: ReadonlyMap<string, string>;
  /** `-e K=V` of the command line, after every other flag so they win. */
  env: readonly (readonly [string, string])[];
  /** `docker-args-run` + `docker-args-process-run` words (already split like xargs). */
  fragments: readonly string[];
  /** `--label=...` words from the global flags (`dokku --label=k=v run ...`). */
  globalLabels: readonly string[];
  tty: boolean;
  /** Keep stdin open for an attached session (`--interactive`). */
  interactive: boolean;
  ttlSeconds: number;
  /** The Procfile type the command came from, if any. */
  processType?: string;
  command: readonly string[];
}

/**
 * Flags in Dokku's order: config `--env=KEY` first (so a plugin's own `--env=USER=...` fragment
 * wins over a config USER), then the plugins' fragments, `--rm`, the terminal flags, DYNO, the
 * user's `-e` values, global labels; the ownership labels come last in containerCreateArgs.
 * No config or `-e` value ever appears in argv: each rides in the CLI's environment.
 */
export function runContainerSpec(plan: RunPlan): ContainerCreateSpec {
  const dyno = `${plan.kind}.${plan.index}`;
  const user = plan.env.map(([key]) => key);
  const labels: Record<string, string> = {
    [RUN_LABELS.containerType]: plan.kind,
    [RUN_LABELS.deadline]: String(plan.ttlSeconds),
    [LABELS.dyno]: dyno,
    ...(plan.processType ? { [LABELS.processType]: plan.processType } : {}),
  };
  return {
    image: plan.image,
    name: `${plan.app}.${dyno}`,
    command: plan.command,
    labels: appLabels(plan.app, labels),
    args: [
      ...[...plan.config.keys()].map((key) => `--env=${key}`),
      ...plan.fragments,
      "--rm",
      ...(plan.interactive ? ["--interactive"] : []),
      ...(plan.tty ? ["--tty"] : []),
      `--env=DYNO=${dyno}`,
      ...user.map((key) => `--env=${key}`),
      ...plan.globalLabels,
    ],
    env: { ...Object.fromEntries(plan.config), ...Object.fromEntries(plan.env) },
  };
}

/**
 * The container's command: the Procfile entry when the first word names a process type (its
 * words, then the rest of the given ones), else the given words, else the app's shell; herokuish
 * images run it through `/exec`, which sets up the buildpack environment.
 */
export function runCommand(given: readonly string[], procfile: readonly string[] | undefined, shell: string, herokuish: boolean): string[] {
  const words = procfile ? [...procfile, ...given.slice(1)] : given.length > 0 ? [...given] : [shell];
  return herokuish ? ["/exec", ...words] : words;
}

/** `--label=...` entries of the global flags list (`DOKKU_GLOBAL_FLAGS`), as Dokku's run passes them. */
export function globalLabelFlags(list: string): string[] {
  return list.split(/\s+/).filter((flag) => flag.startsWith("--label=") && flag.length > "--label=".length);
}
