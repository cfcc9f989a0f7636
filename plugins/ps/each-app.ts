import { availableParallelism } from "node:os";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";

/**
 * Dokku's `--parallel N` (reference 7.6): 0 or 1 runs serially, -1 uses every CPU, anything
 * below -1 is an error. Returns the worker count.
 */
export function parseParallel(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^-?[0-9]+$/.test(value)) throw new UserError(`Invalid value ${value} for --parallel flag`);
  const n = Number(value);
  if (n < -1) throw new UserError(`Invalid value ${value} for --parallel flag`);
  if (n === -1) return availableParallelism();
  return Math.max(1, n);
}

/**
 * The apps a `ps:*` command acts on: `--all` (every app; a warning when there are none) or the
 * one named. With `--all`, apps run through a pool of `parallel` workers; the first failure is
 * rethrown after every app was tried, so one broken app does not leave the others undone.
 */
export async function forEachApp(
  ctx: Ctx,
  command: string,
  options: { all: boolean; app: string | undefined; parallel: string | undefined },
  fn: (app: string) => Promise<void>,
): Promise<void> {
  if (!options.all) return fn(await ctx.apps.verify(options.app));
  if (options.app) throw new UserError(`Specify an app or --all, not both`);
  const apps = await ctx.apps.list();
  if (apps.length === 0) return void ctx.log.warn("You haven't deployed any applications yet");
  const workers = parseParallel(options.parallel);
  if (workers === 1) ctx.log.step(`Running ${command} in serial mode`);
  const queue = [...apps];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let app = queue.shift(); app !== undefined; app = queue.shift()) {
      try {
        await fn(app);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, apps.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
