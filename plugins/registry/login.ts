import { mkdir } from "node:fs/promises";
import { globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { loginServer } from "./names.ts";
import { appCredentialsDir } from "./settings.ts";

/** Where a login or logout applies: one app's credentials, or the global ones. */
interface Target {
  app?: string;
  rest: string[];
}

/**
 * `[--global] [APP] ARGS...`: with `--global` every positional is an argument; without it, one
 * positional more than `count` names the app, exactly `count` is Dokku's deprecated global form.
 */
async function target(ctx: Ctx, positionals: string[], isGlobal: boolean, count: number, command: string): Promise<Target> {
  if (isGlobal || positionals.length <= count) {
    if (!isGlobal && positionals.length === count) {
      // dokku-compat: Dokku 0.38 keeps the old global form with a deprecation warning.
      ctx.log.warn(`Deprecated: ${command} without --global or an app name applies globally; pass --global`);
    }
    return { rest: positionals };
  }
  const [app, ...rest] = positionals;
  return { app: await ctx.apps.verify(app), rest };
}

function checkServer(server: string): string {
  if (server === "") throw new UserError("Missing server argument");
  if (server.startsWith("-") || /\s/.test(server)) throw new UserError(`Invalid registry server: ${server}`);
  return loginServer(server);
}

export const registryLogin = defineCommand({
  name: "registry:login",
  description: "Login to a docker registry",
  usage: "[--global|--password-stdin] [<app>] <server> <username> [<password>]",
  args: {
    ...globalArg,
    "password-stdin": { type: "boolean", description: "Read the password from stdin" },
  },
  async run(ctx, args) {
    const fromStdin = Boolean(args["password-stdin"]);
    const { app, rest } = await target(ctx, args._.map(String), Boolean(args.global), fromStdin ? 2 : 3, "registry:login");
    if (rest.length > (fromStdin ? 2 : 3)) throw new UserError(fromStdin ? "The password cannot be given both as an argument and with --password-stdin" : "Too many arguments");
    const [rawServer = "", username = "", argPassword = ""] = rest;
    const server = checkServer(rawServer);
    if (username === "") throw new UserError("Missing username argument");
    const password = fromStdin ? (await ctx.io.readStdin()).trim() : argPassword;
    if (password === "") throw new UserError("Missing password argument");
    const configDir = app ? appCredentialsDir(ctx, app) : undefined;
    if (configDir) await mkdir(configDir, { recursive: true, mode: 0o700 });
    await (await ctx.docker()).registryLogin(server, username, password, { configDir });
    ctx.log.step(`Logged into ${server}${app ? ` for ${app}` : ""}`);
  },
});

export const registryLogout = defineCommand({
  name: "registry:logout",
  description: "Logout from a docker registry",
  usage: "[--global] [<app>] <server>",
  args: globalArg,
  async run(ctx, args) {
    const { app, rest } = await target(ctx, args._.map(String), Boolean(args.global), 1, "registry:logout");
    if (rest.length > 1) throw new UserError("Too many arguments");
    const server = checkServer(rest[0] ?? "");
    const configDir = app ? appCredentialsDir(ctx, app) : undefined;
    await (await ctx.docker()).registryLogout(server, { configDir });
    ctx.log.step(`Logged out of ${server}${app ? ` for ${app}` : ""}`);
  },
});
