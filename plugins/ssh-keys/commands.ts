import { fstatSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { authorizedKeysFile, managedKeys, readKeyLines, updateKeyLines } from "./authorized-keys.ts";
import { DEFAULT_ALLOWED, assertKeyName, formatManagedLine, normalisePublicKey, type ManagedKey } from "./key-line.ts";
import { fingerprintOf, verifyKeyLines } from "./ssh-keygen.ts";

const MAX_KEY_BYTES = 64 * 1024;

export const sshKeysAdd = defineCommand({
  name: "ssh-keys:add",
  description: "Add a new public key by pipe or path",
  usage: "<name> [/path/to/key]",
  rootOnly: true,
  args: {
    name: { type: "positional", description: "Key name", required: false },
    file: { type: "positional", description: "Public key file (default: stdin)", required: false },
  },
  async run(ctx, args) {
    const name = args.name;
    if (!name) throw new UserError("A name for the key is required, ie: dokku ssh-keys:add <name> [/path/to/key]");
    assertKeyName(name);
    const publicKey = normalisePublicKey(await readKeyInput(ctx, args.file));
    const fingerprint = await fingerprintOf(ctx, publicKey);
    const allowed = ctx.env.vars.SSHCOMMAND_ALLOWED_KEYS ?? DEFAULT_ALLOWED;
    const line = formatManagedLine({ fingerprint, name, allowed, publicKey }, ctx.paths.dokkuRoot);
    const checkName = ctx.env.vars.SSHCOMMAND_CHECK_DUPLICATE_NAME !== "false";
    const checkFingerprint = ctx.env.vars.SSHCOMMAND_CHECK_DUPLICATE_FINGERPRINT !== "false";
    await updateKeyLines(ctx, "ssh-keys:add", async (lines) => {
      const existing = managedKeys(lines);
      if (checkName && existing.some((k) => k.name === name)) throw new UserError("Duplicate ssh key name");
      if (checkFingerprint && existing.some((k) => k.fingerprint === fingerprint)) throw new UserError("Duplicate ssh public key specified");
      lines.push(line);
      await verifyKeyLines(ctx, authorizedKeysFile(ctx), lines);
      return { lines, result: undefined };
    });
    ctx.log.data(fingerprint);
  },
});

/** The key text from FILE, or from stdin when it is not a terminal (Dokku: only from a pipe). */
async function readKeyInput(ctx: Ctx, file: string | undefined): Promise<string> {
  let text: string;
  if (file) {
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isNotFound(error)) throw new UserError(`Key file ${file} does not exist`);
      throw new UserError(`Unable to read key file ${file}: ${(error as Error).message}`);
    }
  } else {
    if (stdinIsTerminal()) throw new UserError("No key specified via file or pipe");
    text = await ctx.io.readStdin();
  }
  if (text.length > MAX_KEY_BYTES) throw new UserError("Key specified in is not a valid ssh public key");
  return text;
}

function stdinIsTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

export const sshKeysList = defineCommand({
  name: "ssh-keys:list",
  description: "List of all authorized dokku public ssh keys",
  usage: "[--format text|json] [<name>]",
  args: {
    name: { type: "positional", description: "Only keys with this name", required: false },
    format: { type: "string", description: "Output format: text or json", valueHint: "text|json" },
  },
  async run(ctx, args) {
    const format = args.format ?? "text";
    if (format !== "text" && format !== "json") throw new UserError("Invalid output format specified, supported formats: json, text");
    const keys = await listKeys(ctx);
    const selected = args.name ? keys.filter((k) => k.name === args.name) : keys;
    if (format === "json") {
      const rows = selected.map((k) => ({ fingerprint: k.fingerprint, name: k.name, SSHCOMMAND_ALLOWED_KEYS: k.allowed, "public-key": k.publicKey }));
      return void ctx.log.data(JSON.stringify(rows));
    }
    if (args.name && selected.length === 0) throw new UserError(`No public key found with name ${args.name}`);
    if (selected.length === 0) return;
    ctx.log.data(selected.map((k) => `${k.fingerprint} NAME="${k.name}" SSHCOMMAND_ALLOWED_KEYS="${k.allowed}"`).join("\n"));
  },
});

/** sshcommand `list`: validates the file, with Dokku's warnings for a missing or empty file. */
async function listKeys(ctx: Ctx): Promise<ManagedKey[]> {
  const lines = await readKeyLines(ctx);
  const ignore = ctx.env.vars.SSHCOMMAND_IGNORE_LIST_WARNINGS === "true";
  const user = ctx.env.systemUser;
  const problem = (message: string): ManagedKey[] => {
    if (!ignore) throw new UserError(message);
    ctx.log.warn(message);
    return [];
  };
  if (lines === undefined) return problem(`authorized_keys not found for ${user}`);
  if (lines.every((l) => l.trim() === "")) return problem(`authorized_keys is empty for ${user}`);
  try {
    await verifyKeyLines(ctx, authorizedKeysFile(ctx), lines);
  } catch (error) {
    if (!ignore) throw error;
    ctx.log.warn((error as Error).message);
  }
  return managedKeys(lines);
}

export const sshKeysRemove = defineCommand({
  name: "ssh-keys:remove",
  description: "Remove SSH public key by name",
  usage: "<name> | --fingerprint <fingerprint>",
  rootOnly: true,
  args: {
    name: { type: "positional", description: "Key name", required: false },
    fingerprint: { type: "string", description: "Remove the key with this fingerprint instead" },
  },
  async run(ctx, args, raw) {
    const byFingerprint = raw.some((a) => a === "--fingerprint" || a.startsWith("--fingerprint="));
    const fingerprint = typeof args.fingerprint === "string" ? args.fingerprint : "";
    if (byFingerprint && !fingerprint) throw new UserError("A fingerprint is required to remove a key, ie: dokku ssh-keys:remove --fingerprint <fingerprint>");
    if (!byFingerprint && !args.name) throw new UserError("A name is required to remove a key, ie: dokku ssh-keys:remove <name>");
    const lines = await readKeyLines(ctx);
    if (!lines || lines.every((l) => l.trim() === "")) throw new UserError("No public keys found.");
    await verifyKeyLines(ctx, authorizedKeysFile(ctx), lines);
    const matches = (key: ManagedKey | undefined) => key !== undefined && (byFingerprint ? key.fingerprint === fingerprint : key.name === args.name);
    // dokku-compat: removing a key that does not exist is a silent success, as in Dokku.
    await updateKeyLines(ctx, "ssh-keys:remove", async (current) => ({
      lines: current.filter((line) => !matches(managedKeys([line])[0])),
      result: undefined,
    }));
  },
});
