import { readFile, rm } from "node:fs/promises";
import { appArg } from "../../src/cli/shared-args.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { type DokkuCommand, defineCommand } from "../../src/core/plugin.ts";
import { generatePair, hasCert, installPair, tlsDir, tlsFile } from "./store.ts";
import { readCertTar } from "./tar-input.ts";

async function readInput(path: string, what: "CRT" | "KEY"): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    // dokku-compat: Dokku's wording.
    if (isNotFound(error) || (error as { code?: string }).code === "EISDIR") throw new UserError(`${what} file specified not found, please check file paths`);
    throw error;
  }
}

/** certs:add and certs:update share Dokku's code: two files, or a tar on stdin. */
function addCommand(name: string, description: string): DokkuCommand<typeof appArg> {
  return defineCommand({
    name,
    description,
    usage: "<app> [CRT KEY] [< certs.tar]",
    args: appArg,
    async run(ctx, args) {
      const [, crtPath, keyPath] = args._.map(String);
      const app = await ctx.apps.verify(args.app);
      let pair;
      if (crtPath && keyPath) pair = { crt: await readInput(crtPath, "CRT"), key: await readInput(keyPath, "KEY") };
      else if (crtPath) throw new UserError("KEY file specified not found, please check file paths");
      else if (!process.stdin.isTTY) pair = await readCertTar(process.stdin);
      else throw new UserError("Tar archive containing server.crt and server.key expected on stdin");
      ctx.log.step(`Adding SSL endpoint to ${app}`);
      await installPair(ctx, app, pair.crt, pair.key);
    },
  });
}

export const certsAdd = addCommand("certs:add", "Add an ssl endpoint to an app. Can also import from a tarball on stdin");
export const certsUpdate = addCommand("certs:update", "Update an SSL Endpoint on an app. Can also import from a tarball on stdin");

export const certsGenerate = defineCommand({
  name: "certs:generate",
  description: "Generate a key and certificate signing request (and self-signed certificate)",
  usage: "<app> [DOMAIN]",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const domain = args._.map(String)[1];
    if (await hasCert(ctx, app)) {
      // dokku-compat: Dokku's message.
      ctx.log.step(`${app} has an SSL endpoint already defined`);
      return;
    }
    const names = domain ? [domain] : (await ctx.triggers.query("domains-list", app)).split("\n").filter(Boolean);
    const subject = certSubject(names[0] ?? app);
    ctx.log.step(`Generating a self-signed certificate for ${subject}`);
    const pair = await generatePair(ctx, subject);
    await installPair(ctx, app, pair.crt, pair.key, pair.csr);
    if (domain) await ctx.triggers.notify("domains-add", app, domain);
    ctx.log.data(pair.csr.toString("utf8"));
  },
});

/** The CN: a domain name, never anything that could smuggle more subject fields. */
function certSubject(name: string): string {
  if (!/^[a-z0-9*][a-z0-9.*-]*$/i.test(name) || name.length > 64) throw new UserError(`${name} is invalid. exiting...`);
  return name.toLowerCase();
}

export const certsRemove = defineCommand({
  name: "certs:remove",
  description: "Remove an SSL Endpoint from an app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    // dokku-compat: Dokku's messages.
    if (!(await hasCert(ctx, app))) throw new UserError("An app-specific SSL endpoint is not defined");
    ctx.log.step(`Removing SSL endpoint from ${app}`);
    await rm(tlsDir(ctx, app), { recursive: true, force: true });
    await ctx.triggers.notify("post-certs-remove", app);
  },
});

export const certsShow = defineCommand({
  name: "certs:show",
  description: "Show the server.crt or server.key on stdout",
  usage: "<app> <crt|key>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const which = args._.map(String)[1] ?? "";
    if (which !== "crt" && which !== "key") throw new UserError("Please specify crt or key");
    if (!(await hasCert(ctx, app))) throw new UserError("An app-specific SSL endpoint is not defined");
    ctx.io.stdout.write(await readFile(tlsFile(ctx, app, which === "crt" ? "server.crt" : "server.key")));
  },
});
