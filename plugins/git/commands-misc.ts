import { mkdir, readFile, rm, stat, appendFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError, isNotFound } from "../../src/core/errors.ts";
import { chownTree, ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { exists } from "../../src/core/fs-exists.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { formatNetrc, isNetrcToken, parseNetrc } from "./netrc.ts";
import { ensureRepoAndHook, gitEnv, hasRepo, repoDir } from "./repo.ts";

const sshDir = (ctx: Ctx) => join(ctx.paths.dokkuRoot, ".ssh");

export const gitInitialize = defineCommand({
  name: "git:initialize",
  description: "Initialize a git repository for an app",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    if (!(await hasRepo(ctx, app))) ctx.log.step(`Initializing git repository for ${app}`);
    await ensureRepoAndHook(ctx, app);
  },
});

export const gitStatus = defineCommand({
  name: "git:status",
  description: "Show the working tree status for an app",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    // dokku-compat: `git status` in the (bare) repository directory, output and exit code passed through.
    const result = await ctx.exec(["git", "status"], { cwd: repoDir(ctx, app), env: gitEnv(ctx), stdout: "inherit", stderr: "inherit", check: false });
    return result.code;
  },
});

export const gitUnlock = defineCommand({
  name: "git:unlock",
  description: "Removes previous git clone folder for new deployment",
  args: { ...appArg, force: { type: "boolean", description: "Do not ask for confirmation" } },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const folder = ctx.paths.dataDir("git", app);
    if (!(await exists(folder))) return void ctx.log.step("No clone folder exists app already unlocked");
    if (!(args.force || ctx.flags.force)) {
      ctx.io.stdout.write("Are you sure that want to delete clone folder (y/n)? ");
      const answer = (await ctx.io.readLine()).trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") throw new UserError("Aborted, the clone folder was kept");
    }
    ctx.log.step(`About to delete ${folder}`);
    await rm(folder, { recursive: true, force: true });
    ctx.log.step(`Successfully deleted ${folder}`);
  },
});

export const gitPublicKey = defineCommand({
  name: "git:public-key",
  description: "Outputs the dokku public deploy key",
  async run(ctx) {
    for (const name of ["id_ed25519.pub", "id_rsa.pub"]) {
      try {
        return void ctx.log.data(await readFile(join(sshDir(ctx), name), "utf8"));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    throw new UserError("There is no deploy key, run 'dokku git:generate-deploy-key' to create one");
  },
});

export const gitGenerateDeployKey = defineCommand({
  name: "git:generate-deploy-key",
  description: "Generates a deploy ssh key",
  async run(ctx) {
    const file = join(sshDir(ctx), "id_ed25519");
    if (await exists(file)) return void ctx.log.step("Deploy key already exists");
    await ensureDir(sshDir(ctx), { dirMode: 0o700, owner: ctx.props.owner });
    await ctx.exec(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", `dokku@${hostname()}`, "-f", file]);
    for (const key of [file, `${file}.pub`]) await chownTree(key, ctx.props.owner);
    ctx.log.step("Generated a deploy key, add it to your git server:");
    ctx.log.data(await readFile(`${file}.pub`, "utf8"));
  },
});

export const gitAllowHost = defineCommand({
  name: "git:allow-host",
  description: "Adds a host to known_hosts",
  args: { host: { type: "positional", description: "Host name", required: false } },
  async run(ctx, args) {
    const host = String(args.host ?? "");
    if (!host) throw new UserError("Please supply a git host");
    if (!/^[A-Za-z0-9][A-Za-z0-9.:[\]-]*$/.test(host)) throw new UserError(`Invalid host: ${host}`);
    const scan = await ctx.exec(["ssh-keyscan", "-t", "rsa", "--", host], { check: false });
    if (scan.stdout.trim() === "") throw new UserError(`Unable to read the host key of ${host}`);
    await ensureDir(sshDir(ctx), { dirMode: 0o700, owner: ctx.props.owner });
    await appendFile(join(sshDir(ctx), "known_hosts"), scan.stdout.endsWith("\n") ? scan.stdout : `${scan.stdout}\n`, { mode: 0o644 });
    await chownTree(join(sshDir(ctx), "known_hosts"), ctx.props.owner);
    ctx.log.step(`${host} added to known hosts`);
  },
});

const authArgs = {
  host: { type: "positional", description: "Git server host", required: false },
  username: { type: "positional", description: "User name", required: false },
  password: { type: "positional", description: "Password or token (or stdin)", required: false },
} as const;

export const gitAuth = defineCommand({
  name: "git:auth",
  description: "Configures netrc authentication for a given git server",
  usage: "<host> [<username> <password>]",
  args: authArgs,
  async run(ctx, args) {
    const { host, user, password } = await authInput(ctx, args);
    const file = join(ctx.paths.dokkuRoot, ".netrc");
    const entries = parseNetrc(await readText(file)).filter((e) => e.machine !== host);
    if (user) entries.push({ machine: host, login: user, password });
    await writeFileAtomic(file, formatNetrc(entries), { mode: 0o600, owner: ctx.props.owner });
    ctx.log.step(user ? `Added credentials for ${host}` : `Removed credentials for ${host}`);
  },
});

export const gitAuthStatus = defineCommand({
  name: "git:auth-status",
  description: "Checks whether netrc credentials match for a git server",
  usage: "<host> [<username> <password>]",
  args: authArgs,
  async run(ctx, args) {
    const { host, user, password } = await authInput(ctx, args);
    const entry = parseNetrc(await readText(join(ctx.paths.dokkuRoot, ".netrc"))).find((e) => e.machine === host);
    const matches = entry !== undefined && (!user || (entry.login === user && entry.password === password));
    if (!matches) throw new SilentExit(1);
  },
});

async function authInput(ctx: Ctx, args: { host?: unknown; username?: unknown; password?: unknown }) {
  const host = String(args.host ?? "");
  const user = String(args.username ?? "");
  let password = String(args.password ?? "");
  if (!host) throw new UserError("Missing HOST parameter");
  if (user && !password && !process.stdin.isTTY) password = (await ctx.io.readStdin()).split("\n")[0]!.trim();
  if (user && !password) throw new UserError("Missing PASSWORD parameter (pass it as an argument or on stdin)");
  for (const value of [host, user, password]) if (value && !isNetrcToken(value)) throw new UserError("Host, username and password must not contain whitespace");
  return { host, user, password };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return "";
    throw error;
  }
}
