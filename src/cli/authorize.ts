import type { Ctx } from "../core/context.ts";
import { UserError } from "../core/errors.ts";
import { ExitError } from "../core/errors.ts";

/**
 * Dokku's `dokku_auth` (reference 1.6): when a plugin implements `user-auth`, it is asked
 * `user-auth SSH_USER SSH_NAME CMD ARGS...` and a non-zero exit denies the command.
 */
export async function authorize(ctx: Ctx, argv: readonly string[]): Promise<void> {
  if (!(await ctx.triggers.exists("user-auth"))) return;
  try {
    await ctx.triggers.run("user-auth", [ctx.caller.user, ctx.caller.name, ...argv], { stream: true });
  } catch (error) {
    if (error instanceof ExitError) throw new UserError("Access denied");
    throw error;
  }
}
